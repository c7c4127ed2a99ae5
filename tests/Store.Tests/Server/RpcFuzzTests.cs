using System.Net;
using Archiver.Store.MessagePack;
using Archiver.Store.Tests.MessagePack;

namespace Archiver.Store.Tests.Server;

/// <summary>Mutated valid requests (fixed seed): every one answered with HTTP 200, and the stored data still answers byte-identically.</summary>
public sealed class RpcFuzzTests
{
    private const int Iterations = 3000;

    [Fact]
    public async Task Mutated_requests_never_break_the_server_or_harm_stored_data()
    {
        await using var f = await ServerFixture.StartAsync();
        await f.RpcAsync(MsgTree.WriteRequest("GOLD/1Min/OHLCV", 3, false,
            ("Epoch", "i8", MsgTree.Bytes(1500000000L, 1500000060L, 1500000120L)), ("Close", "f4", MsgTree.Bytes(1f, 2f, 3f))));
        var golden = MsgTree.QueryRequest("GOLD/1Min/OHLCV", start: 1500000000, limit: 2);
        var before = await f.RpcAsync(golden);

        var seeds = new[]
        {
            WireBytes.PmsQueryRequest,
            MsgTree.QueryRequest("FUZZ,GOLD/1Min/OHLCV", start: 1, end: 2000000000, limit: 5, fromStart: true, columns: ["Close"], functions: ["count(Close)"]),
            MsgTree.WriteRequest("FUZZ/1Min/OHLCV", 2, false, ("Epoch", "i8", MsgTree.Bytes(60L, 120L)), ("Close", "f4", MsgTree.Bytes(1f, 2f))),
            MsgTree.WriteRequest("FUZZ/1Sec/TICK", 2, true, ("Epoch", "i8", MsgTree.Bytes(60L, 60L)), ("P", "f8", MsgTree.Bytes(1.0, 2.0)), ("Nanoseconds", "i4", MsgTree.Bytes(1, 2))),
            MsgTree.Request("DataService.Create", w =>
            {
                w.WriteMapHeader(1);
                w.WriteString("requests");
                w.WriteArrayHeader(1);
                w.WriteMapHeader(4);
                w.WriteString("key");
                w.WriteString("FUZZ/1H/X:Symbol/Timeframe/AttributeGroup");
                w.WriteString("column_names");
                MsgTree.Strings(w, ["A"]);
                w.WriteString("column_types");
                MsgTree.Strings(w, ["f4"]);
                w.WriteString("row_type");
                w.WriteString("fixed");
            }),
            MsgTree.Request("DataService.Destroy", w =>
            {
                w.WriteMapHeader(1);
                w.WriteString("requests");
                w.WriteArrayHeader(1);
                w.WriteMapHeader(1);
                w.WriteString("key");
                w.WriteString("FUZZ/1H/X");
            }),
            MsgTree.Request("DataService.ListSymbols", w =>
            {
                w.WriteMapHeader(1);
                w.WriteString("format");
                w.WriteString("tbk");
            }),
        };

        var random = new Random(20240607);
        var answered = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var body = Mutate(seeds[random.Next(seeds.Length)], random);
            using var response = await f.PostAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = await response.Content.ReadAsByteArrayAsync();
            if (reply.Length == 0) continue;
            // The id is echoed as sent, so it may be any value (even a str with bad UTF-8): check the structure only.
            var reader = new MessagePackReader(reply);
            reader.Skip();
            Assert.True(reader.End);
            reader = new MessagePackReader(reply);
            Assert.Equal(3, reader.ReadMapHeader());
            Assert.True(reader.ReadStringBytes().SequenceEqual("jsonrpc"u8));
            answered++;
        }

        Assert.True(answered > Iterations / 2);
        Assert.Equal(before, await f.RpcAsync(golden));
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = seed.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                case 4: bytes[at] = random.Next(2) == 0 ? (byte)0xdd : (byte)0xff; break;
                default: bytes.RemoveAt(at); break;
            }
        }

        return bytes.ToArray();
    }
}
