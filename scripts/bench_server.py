"""The MarketStore-compatible server against PostgreSQL and against the floor, from one run (see bench-server.sh).

    /usr/bin/python3 scripts/bench_server.py --endpoint http://127.0.0.1:PORT/rpc --pg-port PORT [--rows 1000000]
        [--symbols 1000 --symbol-rows 1000] [--repeat 5] [--skip-load] [--breakdown --server-log FILE]

1. One million 1-minute bars (Epoch and five f8 columns, 48 MB) queried over /rpc into a pandas DataFrame by our
   pymarketstore-compatible client (tests/python/pms_client.py).
2. The same bars in PostgreSQL fetched with psycopg2 into a DataFrame, the way the MarketStore announcement did it.
3. The floor: the same reply bytes pushed through a loopback socket into newly allocated memory (as every client
   receives a reply) plus decoding that MessagePack reply into a DataFrame (what no server can beat); and, stricter,
   the same into one reused, already paged-in buffer.
4. 1,000 symbols of 1,000 bars each in one multi-symbol query.
Every figure is the median of --repeat runs after one warm-up; the single-symbol figures are taken in rounds (each
measurement once per round, in turn) so that drift in the machine's speed affects them alike.

Two clients read the same replies: our client (tests/python/pms_client.py) reading the reply in one piece with
http.client, and the same client on requests, pymarketstore's own transport (a requests.Session POST and
response.content, which urllib3 reads in 10 KB pieces). The target (server within 1.5x of the floor) is stated for the
first; the second is reported beside it with a canned HTTP reply through the same requests client, which shows how much
of its time is the transport (any server pays it) and how much is the server. --breakdown times the pieces of the
server path and of the floor separately (server time per request from the --server-log request lines and the
Server-Timing header, the raw HTTP fetch, msgpack decode, dataset decode, df()), with the client's CPU time.
"""

import argparse
import io
import os
import re
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'python'))

import msgpack  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from pms_client import Client, Params, decode_dataset, DataSet  # noqa: E402

T0 = 1451606400  # 2016-01-01 00:00:00 UTC


def make_bars(rows, start=T0):
    rng = np.random.default_rng(7)
    close = 400.0 + np.cumsum(rng.normal(0, 1, rows))
    bars = np.empty(rows, dtype=[('Epoch', 'i8'), ('Open', 'f8'), ('High', 'f8'), ('Low', 'f8'), ('Close', 'f8'), ('Volume', 'f8')])
    bars['Epoch'] = start + 60 * np.arange(rows, dtype=np.int64)
    bars['Open'] = close + rng.normal(0, 0.1, rows)
    bars['High'] = np.maximum(bars['Open'], close) + 0.5
    bars['Low'] = np.minimum(bars['Open'], close) - 0.5
    bars['Close'] = close
    bars['Volume'] = rng.exponential(3.0, rows)
    return bars


def interleaved(runs, repeat):
    """{name: (median, best, last result)} of each callable, timed in rounds (each once per round, in turn) after one
    warm-up each, so that a machine whose speed drifts during the benchmark slows every measurement alike."""
    times = {name: [] for name in runs}
    results = {name: fn() for name, fn in runs.items()}
    for _ in range(repeat):
        for name, fn in runs.items():
            started = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - started)
    return {name: (statistics.median(t), min(t), results[name]) for name, t in times.items()}


def timed(fn, repeat):
    fn()
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), result


def reply_bytes(bars, key):
    """The MessagePack reply the server sends for these bars (same shape and size)."""
    dataset = {
        'types': [bars.dtype[n].str.lstrip('<|') for n in bars.dtype.names],
        'names': list(bars.dtype.names),
        'data': [bars[n].tobytes() for n in bars.dtype.names],
        'length': len(bars),
        'startindex': {key + ':Symbol/Timeframe/AttributeGroup': 0},
        'lengths': {key + ':Symbol/Timeframe/AttributeGroup': len(bars)},
    }
    return msgpack.packb({'jsonrpc': '2.0', 'result': {'responses': [{'result': dataset}], 'version': '', 'timezone': 'UTC'}, 'id': '1'},
                         use_bin_type=True)


def floor(payload, fresh):
    """(transfer + decode into a DataFrame, transfer alone) of `payload` through a loopback socket, as two callables.

    fresh: each reply is received into newly allocated memory, as every client's is (http.client, requests and
    pymarketstore all read a reply into a new bytes object); this is the floor the target is stated against, and what
    the issue measured as about 0.1 s on this machine. Otherwise one buffer, allocated once and already paged in, is
    reused for every reply: a stricter floor that no HTTP client reaches (the 48 MB of fresh pages alone cost ~30 ms).
    """
    server = socket.socket()
    server.bind(('127.0.0.1', 0))
    server.listen(1)
    port = server.getsockname()[1]
    def serve():
        connection, _ = server.accept()
        with connection:
            while connection.recv(1):
                connection.sendall(payload)

    threading.Thread(target=serve, daemon=True).start()
    client = socket.create_connection(('127.0.0.1', port))
    warm = None if fresh else bytearray(len(payload))

    def receive():
        client.sendall(b'q')
        buffer = bytearray(len(payload)) if fresh else warm
        view = memoryview(buffer)
        received = 0
        while received < len(buffer):
            n = client.recv_into(view[received:])
            if n == 0:
                raise RuntimeError('floor server closed')
            received += n
        return buffer

    def once():
        # msgpack reads the received buffer in place: no copy that the definition of the floor does not have
        reply = msgpack.loads(receive())
        arrays = decode_dataset(reply['result']['responses'][0]['result'])
        return DataSet(next(iter(arrays.values())), '', 'UTC').df()

    return once, receive


def http_floor(payload, transport):
    """The same reply bytes answered by a minimal loopback HTTP responder (no store, no encoding: a canned reply with
    its Content-Length), fetched and decoded by the same client as the server: what no server can beat for this
    client, so the client's own HTTP cost shows apart from the server's."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    head = b'HTTP/1.1 200 OK\r\nContent-Type: application/x-msgpack\r\nContent-Length: %d\r\n\r\n' % len(payload)

    def serve():
        while True:
            connection, _ = listener.accept()
            with connection:
                pending = b''
                while True:
                    while b'\r\n\r\n' not in pending:
                        data = connection.recv(65536)
                        if not data:
                            break
                        pending += data
                    if b'\r\n\r\n' not in pending:
                        break
                    header, pending = pending.split(b'\r\n\r\n', 1)
                    length = int(re.search(rb'(?i)content-length:\s*(\d+)', header).group(1))
                    while len(pending) < length:
                        pending += connection.recv(65536)
                    pending = pending[length:]
                    connection.sendall(head)
                    connection.sendall(payload)

    threading.Thread(target=serve, daemon=True).start()
    client = Client(f'http://127.0.0.1:{port}/rpc', timeout=600, transport=transport)
    return lambda: client.query(Params('BENCH', '1Min', 'OHLCV')).first().df()


def timed_cpu(fn, repeat):
    """(median wall, best wall, median client CPU) of fn over repeat runs after one warm-up."""
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def server_log_times(path, count):
    """The elapsed ms of the last `count` DataService.Query request lines of the server's log."""
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding='utf-8', errors='replace') as log:
        times = [float(m.group(1)) for m in re.finditer(r'POST /rpc DataService\.Query 200 ([0-9.]+) ms', log.read())]
    return times[-count:]


def breakdown(client, payload, floor_transfer, warm_transfer, repeat, server_log):
    """Times each piece of the /rpc path and of the floor on its own."""
    body = msgpack.packb({'method': 'DataService.Query', 'id': '1', 'jsonrpc': '2.0',
                          'params': {'requests': [Params('BENCH', '1Min', 'OHLCV').to_request()]}}, use_bin_type=True)
    method_ms = []

    def fetch():
        response, data = client._http('POST', body)
        timing = re.search(r'method;dur=([0-9.]+)', response.getheader('Server-Timing') or '')
        if timing:
            method_ms.append(float(timing.group(1)))
        return data

    rows = []
    fetch_median, fetch_best, fetch_cpu = timed_cpu(fetch, repeat)
    server_ms = server_log_times(server_log, repeat)
    data = fetch()
    reply = msgpack.loads(data)
    packed = reply['result']['responses'][0]['result']
    arrays = decode_dataset(packed)
    dataset = DataSet(next(iter(arrays.values())), '', 'UTC')
    if server_ms:
        rows.append(('server: request in, last byte handed to the socket (log)', statistics.median(server_ms) / 1000, min(server_ms) / 1000, None))
    if method_ms:
        rows.append(('server: DataService.Query itself (Server-Timing)', statistics.median(method_ms[-repeat:]) / 1000, min(method_ms[-repeat:]) / 1000, None))
    rows.append((f'fetch: POST, reply bytes via {client.transport}', fetch_median, fetch_best, fetch_cpu))
    rows.append(('floor: loopback socket transfer into new memory', floor_transfer[0], floor_transfer[1], None))
    rows.append(('floor: the same into a reused warm buffer', warm_transfer[0], warm_transfer[1], None))
    for name, fn in (('msgpack.loads', lambda: msgpack.loads(data)), ('results.decode (record array)', lambda: decode_dataset(packed)),
                     ('DataSet.df()', dataset.df)):
        rows.append(('decode: ' + name,) + timed_cpu(fn, repeat))
    floor_buffer = bytearray(payload)
    rows.append(('floor: msgpack.loads of the received buffer',) + timed_cpu(lambda: msgpack.loads(floor_buffer), repeat))
    print('\nbreakdown (median, best; client CPU where measured):')
    for name, median, best, cpu in rows:
        extra = f', client CPU {cpu * 1000:.1f} ms' if cpu is not None else ''
        print(f'  {name:58s} {median * 1000:8.1f} ms ({best * 1000:.1f} best{extra})')


def pg_connect(port):
    import psycopg2
    return psycopg2.connect(host='127.0.0.1', port=port, user=os.environ.get('PGUSER', 'postgres'), dbname='postgres')


def pg_load(port, bars):
    connection = pg_connect(port)
    with connection, connection.cursor() as cursor:
        cursor.execute('DROP TABLE IF EXISTS prices')
        cursor.execute('CREATE TABLE prices (t timestamp without time zone, open double precision, high double precision, '
                       'low double precision, close double precision, volume double precision)')
        frame = pd.DataFrame({'t': pd.to_datetime(bars['Epoch'], unit='s'), 'open': bars['Open'], 'high': bars['High'],
                              'low': bars['Low'], 'close': bars['Close'], 'volume': bars['Volume']})
        text = io.StringIO()
        frame.to_csv(text, index=False, header=False)
        text.seek(0)
        cursor.copy_expert('COPY prices FROM STDIN WITH (FORMAT csv)', text)
        cursor.execute('CREATE INDEX ON prices (t)')
        cursor.execute('ANALYZE prices')
    connection.close()


def pg_query(port):
    """As in the MarketStore announcement: SELECT ... ORDER BY t, fetchall, build the DataFrame."""
    connection = pg_connect(port)

    def once():
        cursor = connection.cursor()
        cursor.execute('SELECT t, open, high, low, close, volume FROM prices ORDER BY t')
        times, opens, highs, lows, closes, volumes = [], [], [], [], [], []
        for t, o, h, lo, c, v in cursor.fetchall():
            times.append(t)
            opens.append(o)
            highs.append(h)
            lows.append(lo)
            closes.append(c)
            volumes.append(v)
        cursor.close()
        return pd.DataFrame(dict(open=opens, high=highs, low=lows, close=closes, volume=volumes), index=times)

    return once


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--endpoint', required=True)
    parser.add_argument('--pg-port', type=int)
    parser.add_argument('--rows', type=int, default=1_000_000)
    parser.add_argument('--symbols', type=int, default=1000)
    parser.add_argument('--symbol-rows', type=int, default=1000)
    parser.add_argument('--repeat', type=int, default=5)
    parser.add_argument('--skip-load', action='store_true')
    parser.add_argument('--breakdown', action='store_true', help='also time the pieces of the server path and the floor')
    parser.add_argument('--server-log', help="the server's log (request lines with elapsed ms) for --breakdown")
    args = parser.parse_args()

    bars = make_bars(args.rows)
    # our client, reading each reply in one piece; and pymarketstore's transport when requests is installed
    client = Client(args.endpoint, timeout=600, transport='http.client')
    pms = Client(args.endpoint, timeout=600, transport='requests') if _has_requests() else None
    megabytes = bars.nbytes / 1e6
    print(f'bars: {args.rows:,} rows x 6 columns (Epoch i8, five f8) = {megabytes:.1f} MB')
    print('clients: ours (tests/python/pms_client.py, http.client, reply read in one piece)' +
          ('; requests (pymarketstore\'s transport, 10 KB reads)' if pms else '; requests is not installed, so not measured'))

    if not args.skip_load:
        started = time.perf_counter()
        client.destroy('BENCH/1Min/OHLCV')
        for at in range(0, args.rows, 250_000):
            reply = client.write(bars[at:at + 250_000], 'BENCH/1Min/OHLCV')
            assert reply['responses'] is None, reply
        print(f'load into the store over /rpc: {time.perf_counter() - started:.2f} s')
        started = time.perf_counter()
        for i in range(args.symbols):
            symbol = f'M{i:04d}'
            client.destroy(f'{symbol}/1Min/OHLCV')
            reply = client.write(make_bars(args.symbol_rows), f'{symbol}/1Min/OHLCV')
            assert reply['responses'] is None, reply
        print(f'load {args.symbols} x {args.symbol_rows} bars: {time.perf_counter() - started:.2f} s')

    def query_frame(c):
        return lambda: c.query(Params('BENCH', '1Min', 'OHLCV')).first().df()

    payload = reply_bytes(bars, 'BENCH/1Min/OHLCV')
    floor_once, floor_transfer = floor(payload, fresh=True)
    warm_once, warm_transfer = floor(payload, fresh=False)
    runs = {'server': query_frame(client), 'floor': floor_once, 'warm': warm_once, 'canned': http_floor(payload, 'http.client')}
    if pms:
        runs['server requests'] = query_frame(pms)
        runs['canned requests'] = http_floor(payload, 'requests')
    measured = interleaved(runs, args.repeat)
    for name, (_, _, frame) in measured.items():
        assert len(frame) == args.rows, name
    assert np.array_equal(measured['server'][2]['Close'].to_numpy(), bars['Close']), 'server returned different bars'
    labels = {
        'server': 'server  /rpc -> DataFrame, our client',
        'server requests': 'server  /rpc -> DataFrame, requests',
        'floor': 'floor   loopback socket (new memory) + decode',
        'warm': 'floor   the same, one reused warm buffer',
        'canned': 'canned  HTTP reply (no server), our client',
        'canned requests': 'canned  HTTP reply (no server), requests',
    }
    for name in labels:
        if name in measured:
            median, best, _ = measured[name]
            print(f'{labels[name]:46s} {median * 1000:8.1f} ms median ({best * 1000:.1f} best)')
    server_median = measured['server'][0]
    floor_median = measured['floor'][0]
    warm_median = measured['warm'][0]
    canned = {'http.client': measured['canned'][0]}
    if pms:
        pms_median = measured['server requests'][0]
        canned['requests'] = measured['canned requests'][0]
    print(f'({len(payload) / 1e6:.1f} MB reply; {args.repeat} rounds, every measurement once per round in turn)')

    if args.breakdown:
        breakdown(pms or client, payload, timed(floor_transfer, args.repeat), timed(warm_transfer, args.repeat), args.repeat, args.server_log)

    pg_median = None
    if args.pg_port:
        started = time.perf_counter()
        pg_load(args.pg_port, bars)
        print(f'load into PostgreSQL (COPY): {time.perf_counter() - started:.2f} s')
        pg_median, pg_best, pg_df = timed(pg_query(args.pg_port), max(1, min(args.repeat, 3)))
        assert len(pg_df) == args.rows
        print(f'postgres psycopg2 -> DataFrame:              {pg_median * 1000:8.1f} ms median ({pg_best * 1000:.1f} best)')

    symbols = [f'M{i:04d}' for i in range(args.symbols)]

    def multi():
        return client.query(Params(symbols, '1Min', 'OHLCV')).all()

    multi_median, multi_best, datasets = timed(multi, args.repeat)
    assert len(datasets) == args.symbols and all(len(d.array) == args.symbol_rows for d in datasets.values())
    frames_median, _, _ = timed(lambda: [d.df() for d in multi().values()], max(1, min(args.repeat, 3)))
    print(f'multi   {args.symbols} symbols x {args.symbol_rows} bars in one query: {multi_median * 1000:8.1f} ms median '
          f'({multi_best * 1000:.1f} best) to record arrays, {frames_median * 1000:.1f} ms including one DataFrame per symbol')

    print('\nratios (all from this run):')
    print(f'  server / floor, our client        = {server_median / floor_median:.2f}  (target <= 1.5)')
    print(f'  server / warm-buffer floor, ours  = {server_median / warm_median:.2f}  (the stricter floor)')
    print(f'  server / canned reply, our client = {server_median / canned["http.client"]:.2f}  (what the server adds over a canned reply)')
    if pms:
        print(f'  server / floor, requests          = {pms_median / floor_median:.2f}  (warm-buffer floor: {pms_median / warm_median:.2f}; '
              f'canned reply / floor with requests = {canned["requests"] / floor_median:.2f}: the transport\'s own share)')
        print(f'  server / canned reply, requests   = {pms_median / canned["requests"]:.2f}  (what the server adds for that client)')
    if pg_median:
        print(f'  postgres / server, our client     = {pg_median / server_median:.1f}x faster than PostgreSQL')
        if pms:
            print(f'  postgres / server, requests       = {pg_median / pms_median:.1f}x faster than PostgreSQL')
        print(f'  postgres / floor                  = {pg_median / floor_median:.1f}')


def _has_requests():
    try:
        import requests  # noqa: F401
        return True
    except ImportError:
        return False


if __name__ == '__main__':
    main()
