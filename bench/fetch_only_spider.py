"""A Scrapy spider that only fetches a list of URLs: the baseline of bench/crawl_bench.py."""
import scrapy


class FetchOnly(scrapy.Spider):
    name = "fetch_only"

    def __init__(self, urls_file=None, *args, **kwargs):
        super().__init__(*args, **kwargs)
        with open(urls_file, encoding="utf-8") as fh:
            self.start_urls = [line.strip() for line in fh if line.strip()]

    def parse(self, response):
        return None
