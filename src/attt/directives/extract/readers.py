DEFAULT_MAX_BYTES = 20 * 1024 * 1024
class DocumentError(Exception):
    pass
def read_document(p, filename=None, max_bytes=DEFAULT_MAX_BYTES):
    return open(p, encoding="utf-8").read()
