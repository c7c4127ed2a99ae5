"""Client-side decode test: run against a live server (python3 test_pms_client.py http://127.0.0.1:PORT/rpc).

Checks, the way pymarketstore users see it: write, query with ranges and limits, multi-symbol, functions, list,
destroy, variable-length ticks with nanoseconds, U16 strings and streaming. Exits non-zero on the first failure.
"""

import sys
import threading
import time

import numpy as np
import pandas as pd

from pms_client import Client, Params, RpcError, StreamConn

T0 = 1500000000  # 2017-07-14 02:40:00 UTC, a whole minute


def bars(n, start=T0, step=60, base=100.0):
    dtype = [('Epoch', 'i8'), ('Open', 'f4'), ('High', 'f4'), ('Low', 'f4'), ('Close', 'f4'), ('Volume', 'f8')]
    data = np.array([(start + i * step, base + i, base + i + 2, base + i - 1, base + i + 1, 10.0 + i) for i in range(n)], dtype=dtype)
    return data


def check_write_and_query(client):
    client.destroy('PYA/1Min/OHLCV')
    assert client.write(bars(10), 'PYA/1Min/OHLCV') == {'responses': None}
    assert str(client.write(bars(1, start=T0 + 600), 'PYA/1Min/OHLCV')) == "{'responses': None}"

    df = client.query(Params('PYA', '1Min', 'OHLCV')).first().df()
    assert len(df) == 11, df
    assert list(df.columns) == ['Open', 'High', 'Low', 'Close', 'Volume'], df.columns
    assert str(df.index.tz) == 'UTC'
    assert df.index[0] == pd.Timestamp(T0, unit='s', tz='UTC')
    assert df['Open'].dtype == np.float32 and df['Volume'].dtype == np.float64
    assert df['Close'].iloc[3] == np.float32(104.0)

    # Inclusive range, slot-granular start: 02:41:30 still returns the 02:41 bar.
    df = client.query(Params('PYA', '1Min', 'OHLCV', start=T0 + 90, end=T0 + 240)).first().df()
    assert list(df.index.astype('int64') // 10 ** 9) == [T0 + 60, T0 + 120, T0 + 180, T0 + 240], df
    # Limit counts from the end unless limit_from_start.
    df = client.query(Params('PYA', '1Min', 'OHLCV', limit=2)).first().df()
    assert list(df.index.astype('int64') // 10 ** 9) == [T0 + 540, T0 + 600], df
    df = client.query(Params('PYA', '1Min', 'OHLCV', limit=2, limit_from_start=True)).first().df()
    assert list(df.index.astype('int64') // 10 ** 9) == [T0, T0 + 60], df
    # Datetime and string bounds work like pymarketstore's.
    df = client.query(Params('PYA', '1Min', 'OHLCV', start=pd.Timestamp(T0 + 300, unit='s', tz='UTC'), end='2017-07-14 02:46:00')).first().df()
    assert len(df) == 2, df
    # Projection keeps Epoch as the index.
    df = client.query(Params('PYA', '1Min', 'OHLCV', columns=['Close', 'Open'], limit=1)).first().df()
    assert list(df.columns) == ['Close', 'Open'], df.columns
    # An empty range is an empty frame, a missing bucket an error with MarketStore's text.
    assert len(client.query(Params('PYA', '1Min', 'OHLCV', start=T0 + 100000)).first().df()) == 0
    try:
        client.query(Params('NOPE', '1Min', 'OHLCV'))
        raise AssertionError('missing bucket should fail')
    except RpcError as e:
        assert 'no files returned from query parse' in str(e), e


def check_multi_symbol_and_functions(client):
    for sym, n in (('PYB', 3), ('PYC', 5)):
        client.destroy(sym + '/1Min/OHLCV')
        client.write(bars(n, base=10.0 * n), sym + '/1Min/OHLCV')
    reply = client.query(Params(['PYC', 'PYB'], '1Min', 'OHLCV'))
    assert list(reply.all().keys()) == ['PYC/1Min/OHLCV', 'PYB/1Min/OHLCV'], reply.all().keys()
    assert len(reply.all()['PYC/1Min/OHLCV'].df()) == 5 and len(reply.all()['PYB/1Min/OHLCV'].df()) == 3
    assert reply.first().key == 'PYC/1Min/OHLCV'

    client.destroy('PYF/1Sec/OHLCV')
    data = np.array([(T0 + i, float(v)) for i, v in enumerate((2, 4, 6, 8))], dtype=[('Epoch', 'i8'), ('Example', 'f4')])
    client.write(data, 'PYF/1Sec/OHLCV')
    def value(fn, **kw):
        df = client.query(Params('PYF', '1Sec', 'OHLCV', functions=[fn], **kw)).first().df()
        return df[df.columns[0]].iloc[0]
    assert value('AVG(Example)', limit=2, limit_from_start=True) == 3.0
    assert value('avg(Example)', limit=2) == 7.0
    assert value('MAX(Example)', limit=3, limit_from_start=True) == 6.0
    assert value('MIN(Example)', limit=2) == 6.0
    assert value('COUNT(Example)') == 4


def check_list_and_destroy(client):
    client.destroy('PYL/1H/X')
    assert client.create('PYL/1H/X', np.dtype([('Epoch', 'i8'), ('A', 'f8')]))['responses'][0]['error'] == ''
    assert 'PYL' in client.list_symbols()
    assert 'PYL/1H/X' in client.list_symbols('tbk')
    assert client.destroy('PYL/1H/X')['responses'][0]['error'] == ''
    assert 'PYL' not in client.list_symbols()
    error = client.destroy('PYL/1H/X')['responses'][0]['error']
    assert error.startswith('removal of catalog entry failed'), error
    assert client.server_version() is not None


def check_ticks_and_strings(client):
    client.destroy('PYT/1Sec/TICK')
    ticks = np.array([(T0, 1.0, 500), (T0, 2.0, 100), (T0 + 1, 3.0, 0), (T0, 4.0, 100)],
                     dtype=[('Epoch', 'i8'), ('Price', 'f8'), ('Nanoseconds', 'i4')])
    assert client.write(ticks, 'PYT/1Sec/TICK', isvariablelength=True)['responses'] is None
    df = client.query(Params('PYT', '1Sec', 'TICK')).first().df()
    assert list(df.columns) == ['Price', 'Nanoseconds'], df.columns
    assert list(df['Price']) == [2.0, 4.0, 1.0, 3.0], df   # sorted by time, equal times in arrival order
    assert list(df['Nanoseconds']) == [100, 100, 500, 0], df
    assert df['Nanoseconds'].dtype == np.int32
    # Nanosecond-exact range.
    start = pd.Timestamp(T0 * 10 ** 9 + 200, unit='ns', tz='UTC')
    end = pd.Timestamp(T0 * 10 ** 9 + 500, unit='ns', tz='UTC')
    df = client.query(Params('PYT', '1Sec', 'TICK', start=start, end=end)).first().df()
    assert list(df['Price']) == [1.0], df

    client.destroy('PYS/1Min/NAMES')
    names = np.array([(T0, 'héllo', 1), (T0 + 60, 'sixteen chars!!!', 2)], dtype=[('Epoch', 'i8'), ('Name', '<U16'), ('N', 'u2')])
    client.write(names, 'PYS/1Min/NAMES')
    df = client.query(Params('PYS', '1Min', 'NAMES')).first().df()
    assert list(df['Name']) == ['héllo', 'sixteen chars!!!'], df
    assert df['N'].dtype == np.uint16


def check_streaming(client, endpoint):
    ws = endpoint.replace('http', 'ws', 1).rsplit('/rpc', 1)[0] + '/ws'
    conn = StreamConn(ws)
    received = []
    conn.register(r'^PYW/', lambda c, msg: received.append(msg))
    conn.connect(['PYW/*/*'])
    echo = conn.receive()
    assert echo == {'streams': ['PYW/*/*']}, echo
    client.destroy('PYW/1Min/OHLCV')

    def write_later():
        time.sleep(0.2)
        client2 = Client(endpoint)
        client2.write(bars(1, base=1.0), 'PYX/1Min/OHLCV')
        client2.write(bars(3, base=5.0), 'PYW/1Min/OHLCV')
    threading.Thread(target=write_later).start()
    message = conn.receive()
    conn.close()
    assert message['key'] == 'PYW/1Min/OHLCV', message
    assert message['data']['Epoch'] == T0 + 120, message
    assert message['data']['Close'] == 8.0, message
    assert received == [message]


def main():
    endpoint = sys.argv[1]
    client = Client(endpoint)
    check_write_and_query(client)
    check_multi_symbol_and_functions(client)
    check_list_and_destroy(client)
    check_ticks_and_strings(client)
    check_streaming(client, endpoint)
    print('pms client checks passed')


if __name__ == '__main__':
    main()
