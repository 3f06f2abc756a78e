# The figure tests open every PDF with poppler (pdfinfo: page size and metadata; pdffonts: the
# embedded typeface; pdftotext: text kept as text) and check every SVG with a real XML parser
# (xmllint, from libxml2-utils).
need_packages poppler-utils libxml2-utils
