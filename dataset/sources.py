"""Sources and the citations that tie records to them."""

from hubs.models import Source

from .records import Related, as_list


class Citations:
    """The dataset's sources by key, created as they are first cited."""

    def __init__(self, records, config):
        self.records = records
        self.config = config
        self.sources_by_key = {}

    def key(self, reference):
        """A URL, or a stated basis such as "well-known coordinates of Chicago"."""
        for prefix, url in self.config["aliases"].items():
            if reference.startswith(prefix):
                return url
        return reference

    def source(self, reference):
        key = self.key(reference)
        if key not in self.sources_by_key:
            is_url = key.startswith(("http://", "https://"))
            lookup = {"url": key} if is_url else {"url": "", "title": key}
            self.sources_by_key[key] = self.records.simple_sync(Source, lookup, {})
        return self.sources_by_key[key]

    def named_sources_load(self):
        """The sources the dataset describes (title, publisher, date), the report's among
        them, which is returned."""
        for named in self.config["named"]:
            source = self.records.simple_sync(
                Source,
                {"url": named["url"]},
                {key: named[key] for key in ("title", "publisher", "date")},
            )
            self.sources_by_key[named["url"]] = source
        report = self.config["report"]
        return self.records.simple_sync(
            Source,
            {"url": "", "title": report["title"]},
            {"publisher": report["publisher"], "date": report["date"]},
        )

    def pairs(self, entry, extra=()):
        """[field, source key] pairs: the record's general sources and each field's own."""
        pairs = {("", self.key(ref)) for ref in entry.get("sources", [])}
        for field_name, refs in (entry.get("field_sources") or {}).items():
            for ref in as_list(refs):
                pairs.add((field_name, self.key(ref)))
        pairs.update(extra)
        return [list(pair) for pair in pairs]

    def attr(self, citation_model, owner_field, pairs):
        """The record's citations as one Related set of [field, source key] pairs."""

        def read(instance):
            return [
                [citation.field, citation.source.url or citation.source.title]
                for citation in citation_model.objects.filter(
                    **{owner_field: instance}
                ).select_related("source")
            ]

        def write(instance, value):
            wanted = {(field_name, key) for field_name, key in value}
            for citation in citation_model.objects.filter(**{owner_field: instance}).select_related(
                "source"
            ):
                if (citation.field, citation.source.url or citation.source.title) not in wanted:
                    citation.delete()
            for field_name, key in wanted:
                citation_model.objects.get_or_create(
                    **{owner_field: instance}, source=self.source(key), field=field_name
                )

        for _, key in pairs:
            self.source(key)
        return Related("sources", sorted(pairs), read, write)
