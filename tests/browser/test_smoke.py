def test_the_home_page_opens_in_chromium(page, site_url):
    page.goto(site_url + "/")
    assert page.title() == "Quantum Ecosystem Atlas"
