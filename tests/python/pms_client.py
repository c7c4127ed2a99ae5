"""A small MarketStore client of our own that talks to the server exactly the way pymarketstore 0.22 does.

It is not pymarketstore: it encodes requests and decodes replies the way the wire contract describes pymarketstore
doing it, so tests (and notebooks without pymarketstore installed) exercise the same path:

* requests are MessagePack maps in the order method, id ("1"), jsonrpc, params, sent with
  ``Content-Type: application/x-msgpack``; ``msgpack.packb(use_bin_type=True)`` (str for text, bin for bytes,
  smallest integers);
* over HTTP the way pymarketstore does it when ``requests`` is installed (a ``requests.Session`` POST, the body taken
  from ``response.content``, which urllib3 reads in 10 KB pieces and joins), otherwise over one keep-alive
  ``http.client`` connection (``transport='http.client'`` forces it);
* replies are decoded with ``msgpack.loads`` defaults (``raw=False``, ``strict_map_key=True``); an ``error`` member
  raises ``Exception("<message>: <data>")``;
* a query dataset becomes a numpy record array from ``np.dtype(list(zip(names, types)))`` filled with
  ``np.frombuffer`` per column, split per key in ``startindex`` order, and ``df()`` indexes on the first column as UTC.

Only the standard library, msgpack, numpy, pandas, optionally requests, and (for streaming) websocket-client are used.
"""

import http.client
import urllib.parse

import msgpack
import numpy as np
import pandas as pd


class Params:
    """One query, like pymarketstore.Params."""

    def __init__(self, symbols, timeframe, attrgroup, start=None, end=None, limit=None, limit_from_start=None,
                 columns=None, functions=None):
        self.symbols = [symbols] if isinstance(symbols, str) else list(symbols)
        self.timeframe = timeframe
        self.attrgroup = attrgroup
        self.start = start
        self.end = end
        self.limit = limit
        self.limit_from_start = limit_from_start
        self.columns = columns
        self.functions = functions

    def tbk(self):
        return ','.join(self.symbols) + '/' + self.timeframe + '/' + self.attrgroup

    def to_request(self):
        request = {'destination': self.tbk()}
        if self.start is not None:
            seconds, nanos = _epoch(self.start)
            request['epoch_start'] = seconds
            if nanos:
                request['epoch_start_nanos'] = nanos
        if self.end is not None:
            seconds, nanos = _epoch(self.end)
            request['epoch_end'] = seconds
            if nanos:
                request['epoch_end_nanos'] = nanos
        if self.limit is not None:
            request['limit_record_count'] = int(self.limit)
        if self.limit_from_start is not None:
            request['limit_from_start'] = bool(self.limit_from_start)
        if self.columns is not None:
            request['columns'] = list(self.columns)
        if self.functions is not None:
            request['functions'] = list(self.functions)
        return request


def _epoch(value):
    """int seconds, a string or a datetime -> (seconds, nanos), naive meaning UTC (as pymarketstore does)."""
    if isinstance(value, (int, np.integer)):
        ts = pd.Timestamp(int(value), unit='s')
    else:
        ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize('UTC')
    return divmod(ts.value, 10 ** 9)


class DataSet:
    """One key's rows: a numpy record array and its DataFrame view."""

    def __init__(self, array, key, timezone):
        self.array = array
        self.key = key
        self.timezone = timezone

    def df(self):
        frame = pd.DataFrame(self.array)
        if len(frame.columns) == 0:
            return frame
        index_name = self.array.dtype.names[0]
        frame = frame.set_index(index_name)
        frame.index = pd.to_datetime(frame.index, unit='s', utc=True)
        if self.timezone and self.timezone.lower() != 'utc':
            frame.index = frame.index.tz_convert(self.timezone)
        return frame


def decode_dataset(packed):
    """NumpyMultiDataset -> {key without categories: record array}, in startindex order."""
    dtype = np.dtype(list(zip(packed['names'], packed['types'])))
    array = np.empty((packed['length'],), dtype=dtype)
    for index, name in enumerate(dtype.names):
        array[name] = np.frombuffer(packed['data'][index], dtype=dtype[index])
    result = {}
    for key, start in packed['startindex'].items():
        result[key.split(':')[0]] = array[start:start + packed['lengths'][key]]
    return result


class QueryResult:
    """The datasets of one query, keyed by SYM/TF/ATTR in the server's (destination) order."""

    def __init__(self, packed, timezone):
        self.by_symbols = {key: DataSet(array, key, timezone) for key, array in decode_dataset(packed).items()}

    def first(self):
        return next(iter(self.by_symbols.values()))

    def all(self):
        return self.by_symbols


class RpcError(Exception):
    pass


class _Reply:
    """Status and headers of a requests response, shaped like http.client's (status, getheader)."""

    def __init__(self, status, headers):
        self.status = status
        self.headers = headers

    def getheader(self, name, default=None):
        return self.headers.get(name, default)


def _requests_module():
    try:
        import requests
        return requests
    except ImportError:
        return None


class Client:
    """DataService over MessagePack-RPC on one keep-alive HTTP connection (a requests.Session, as pymarketstore's)."""

    def __init__(self, endpoint='http://localhost:5993/rpc', token=None, timeout=60, transport=None):
        self.endpoint = endpoint
        url = urllib.parse.urlsplit(endpoint)
        self.host = url.hostname
        self.port = url.port or 80
        self.path = url.path or '/rpc'
        self.headers = {'Content-Type': 'application/x-msgpack', 'Accept-Encoding': 'gzip, deflate'}
        if token:
            self.headers['Authorization'] = 'Bearer ' + token
        self.timeout = timeout
        self.connection = None
        requests = _requests_module() if transport in (None, 'requests') else None
        if transport == 'requests' and requests is None:
            raise ImportError('transport requests: the requests package is not installed')
        if transport not in (None, 'requests', 'http.client'):
            raise ValueError('transport must be requests or http.client')
        self.transport = 'requests' if requests is not None else 'http.client'
        self.session = requests.Session() if requests is not None else None

    def _http(self, method, body=None):
        if self.session is not None:
            response = self.session.request(method, self.endpoint, data=body, headers=self.headers, timeout=self.timeout)
            return _Reply(response.status_code, response.headers), response.content
        for attempt in (0, 1):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, self.path, body=body, headers=self.headers)
                response = self.connection.getresponse()
                data = response.read()
                return response, data
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise

    def _request(self, method, **params):
        body = msgpack.packb({'method': method, 'id': '1', 'jsonrpc': '2.0', 'params': params}, use_bin_type=True)
        response, data = self._http('POST', body)
        if response.status != 200:
            raise RpcError('HTTP %d: %s' % (response.status, data[:200]))
        reply = msgpack.loads(data)
        if reply.get('error') is not None:
            error = reply['error']
            raise RpcError('%s: %s' % (error['message'], error['data']))
        return reply['result']

    def query(self, params):
        params = [params] if isinstance(params, Params) else list(params)
        reply = self._request('DataService.Query', requests=[p.to_request() for p in params])
        results = [QueryResult(r['result'], reply['timezone']) for r in reply['responses']]
        return results[0] if len(results) == 1 else results

    def write(self, recarray, tbk, isvariablelength=False):
        names = recarray.dtype.names
        data = {
            'names': names,
            'types': [recarray.dtype[name].str.replace('<', '').replace('|', '') for name in names],
            'data': [bytes(memoryview(np.ascontiguousarray(recarray[name]))) for name in names],
            'length': len(recarray),
            'startindex': {tbk: 0},
            'lengths': {tbk: len(recarray)},
        }
        return self._request('DataService.Write', requests=[{'dataset': data, 'is_variable_length': isvariablelength}])

    def create(self, tbk, dtype, isvariablelength=False):
        key = tbk if ':' in tbk else tbk + ':Symbol/Timeframe/AttributeGroup'
        request = {
            'key': key,
            'column_names': list(dtype.names),
            'column_types': [dtype[name].str.replace('<', '').replace('|', '') for name in dtype.names],
            'row_type': 'variable' if isvariablelength else 'fixed',
        }
        return self._request('DataService.Create', requests=[request])

    def destroy(self, tbk):
        return self._request('DataService.Destroy', requests=[{'key': tbk}])

    def list_symbols(self, fmt='symbol'):
        return self._request('DataService.ListSymbols', format=fmt).get('Results') or []

    def server_version(self):
        if self.session is not None:
            return self.session.head(self.endpoint, headers=self.headers, timeout=self.timeout).headers.get('Marketstore-Version')
        connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            connection.request('HEAD', self.path, headers=self.headers)
            return connection.getresponse().getheader('Marketstore-Version')
        finally:
            connection.close()


class StreamConn:
    """Like pymarketstore.StreamConn: subscribe to patterns, call handlers whose regex matches a pushed key."""

    def __init__(self, endpoint, token=None):
        import re
        self._re = re
        self.endpoint = endpoint
        self.token = token
        self.handlers = []
        self.socket = None

    def register(self, pattern, handler):
        self.handlers.append((self._re.compile(pattern), handler))

    def on(self, pattern):
        def decorator(handler):
            self.register(pattern, handler)
            return handler
        return decorator

    def connect(self, streams, timeout=10):
        import websocket
        options = {'header': ['Authorization: Bearer ' + self.token]} if self.token else {}
        self.socket = websocket.create_connection(self.endpoint, timeout=timeout, **options)
        self.socket.send_binary(msgpack.packb({'streams': streams}, use_bin_type=True))

    def receive(self):
        """One message, decoded; calls the matching handlers when it carries a key."""
        opcode, frame = self.socket.recv_data()
        if opcode != 2:
            raise RpcError('expected a binary frame, got opcode %d' % opcode)
        message = msgpack.loads(frame)
        if message.get('key') is not None:
            for pattern, handler in self.handlers:
                if pattern.match(message['key']):
                    handler(self, message)
        return message

    def close(self):
        if self.socket is not None:
            self.socket.close()
            self.socket = None
