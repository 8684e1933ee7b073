"""Excel (openpyxl): the annual plan, the ledger, and 附件2 item rows import (PRODUCT.md §9)."""
