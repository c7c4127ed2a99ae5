"""Notebook-style example: 1-minute bars and ticks from a running `archiver serve` into pandas.

    /usr/bin/python3 scripts/notebook_example.py [http://127.0.0.1:5993/rpc] [SYMBOL]

Uses tests/python/pms_client.py, a small client that speaks to the server exactly as pymarketstore does; with
pymarketstore installed, `import pymarketstore as pymkts; pymkts.Client(endpoint)` works the same way.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'python'))

import pandas as pd  # noqa: E402

from pms_client import Client, Params  # noqa: E402

endpoint = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('MARKETSTORE_URL', 'http://127.0.0.1:5993/rpc')
symbol = sys.argv[2] if len(sys.argv) > 2 else 'BINANCE_BTCUSDT'
pd.set_option('display.width', 160)
pd.set_option('display.max_columns', 12)

client = Client(endpoint, token=os.environ.get('ARCHIVER_SERVE_TOKEN'))
print('server version:', client.server_version())
print('symbols:', ', '.join(client.list_symbols()))

# The last hour of 1-minute bars, as a DataFrame indexed by UTC time.
bars = client.query(Params(symbol, '1Min', 'OHLCV', limit=60)).first().df()
print(f'\n{symbol} 1-minute bars: {len(bars)} rows')
print(bars.tail(10))
if len(bars):
    print('\nsummary: close from {:.2f} to {:.2f}, volume {:.4f}'.format(bars['Close'].iloc[0], bars['Close'].iloc[-1], bars['Volume'].sum()))

# The latest ticks, with the nanosecond part folded into the index as pymarketstore users do.
ticks = client.query(Params(symbol, '1Sec', 'TICK', limit=20)).first().df()
if 'Nanoseconds' in ticks.columns:
    ticks.index = ticks.index + pd.to_timedelta(ticks.pop('Nanoseconds'), unit='ns')
print(f'\n{symbol} ticks: {len(ticks)} rows')
print(ticks.tail(10))
