"""The Chinese texts of the dataset, from fixtures/zh/ (its README gives the format).

Each file is optional and lists only what has been translated; a record missing from a file
gets no Chinese text, and its pages show the English one."""

import json
from dataclasses import dataclass, field


@dataclass
class ChineseTexts:
    hubs: dict = field(default_factory=dict)
    incubators: dict = field(default_factory=dict)
    sites: dict = field(default_factory=dict)
    cities: dict = field(default_factory=dict)

    @classmethod
    def read(cls, folder):
        def read(name):
            path = folder / name
            if not path.exists():
                return {}
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)

        return cls(
            hubs=read("hubs.json"),
            incubators=read("incubators.json"),
            sites=read("sites.json"),
            cities=read("cities.json"),
        )

    def hub(self, name_en):
        return self.hubs.get(name_en) or {}

    def incubator(self, name_en):
        return self.incubators.get(name_en) or {}

    def site(self, hub_name_en, site_name):
        return (self.sites.get(hub_name_en) or {}).get(site_name) or {}

    def city(self, city):
        return self.cities.get(city, "") if city else ""
