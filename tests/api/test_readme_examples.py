import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
EXAMPLE = re.compile(r'curl (?:-OJ )?"\$API(?P<path>/[^"]+)"')


def readme_get_examples():
    return sorted(set(EXAMPLE.findall(README.read_text(encoding="utf-8"))))


def test_the_readme_has_api_examples():
    assert len(readme_get_examples()) >= 20


@pytest.mark.django_db
@pytest.mark.parametrize("path", readme_get_examples())
def test_every_readme_example_answers(api, path):
    response = api.get(f"/api/v1{path}", HTTP_ACCEPT="*/*")
    assert response.status_code == 200, response.content[:300]
