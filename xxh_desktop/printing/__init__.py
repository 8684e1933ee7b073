"""Official-format A4 PDFs (PRODUCT.md §7), one module per document.

`fonts` finds, checks and registers the embedded Song font; `style` holds the
shared official style (sizes, CJK wrapping with 避头尾, the table grid, stamp
and signature blocks, `fit_text`). Document modules take plain values
(dataclasses + a font path) and return a `style.PdfOutput`.
"""
