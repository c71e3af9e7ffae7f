//! `sitemap.xml` with `xhtml:link` hreflang alternates (every alternate, the page itself
//! included, plus x-default), and `robots.txt`.

use policy::Locale;

pub fn sitemap(base_url: &str, slugs: &[&str], lastmod: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for slug in slugs {
        for locale in Locale::ALL {
            xml.push_str(&format!(
                "  <url>\n    <loc>{base}/{}/{slug}/</loc>\n    <lastmod>{lastmod}</lastmod>\n",
                locale.code()
            ));
            for alt in Locale::ALL {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{base}/{}/{slug}/\"/>\n",
                    alt.code(),
                    alt.code()
                ));
            }
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{base}/{}/{slug}/\"/>\n  </url>\n",
                Locale::DEFAULT.code()
            ));
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

pub fn robots(base_url: &str) -> String {
    format!(
        "User-agent: *\nAllow: /\nDisallow: /*/data-deletion/received/\n\nSitemap: {}/sitemap.xml\n",
        base_url.trim_end_matches('/')
    )
}
