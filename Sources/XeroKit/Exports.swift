// The transport XeroClient is built on is part of its API: callers pass one in.
@_exported public import TrueUpHTTP
