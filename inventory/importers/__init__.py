"""Reading outside files into the inventory: our own spreadsheet and state ETPL lists."""
