"""What the crawler records about one fetched article."""
import scrapy


class ArticleItem(scrapy.Item):
    source = scrapy.Field()          # the feed, sitemap or URL list it came from
    url = scrapy.Field()             # as requested (from the feed)
    final_url = scrapy.Field()       # after redirects
    canonical_url = scrapy.Field()   # rel=canonical / og:url, tracking parameters stripped
    status = scrapy.Field()
    etag = scrapy.Field()
    last_modified = scrapy.Field()
    body = scrapy.Field()            # raw bytes, to the store's blobs
    content_type = scrapy.Field()
    title = scrapy.Field()
    site_name = scrapy.Field()
    author = scrapy.Field()
    language = scrapy.Field()
    text = scrapy.Field()            # main text (trafilatura) with tables as " | " rows
    published_at = scrapy.Field()
    date_source = scrapy.Field()     # feed, sitemap, json-ld, meta, htmldate
    fetched_at = scrapy.Field()
