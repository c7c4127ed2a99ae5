using Archiver.Store.Buckets;

namespace Archiver.Store.Server.Rpc;

/// <summary>MarketStore's element-type enum bytes (its on-disk codes), as GetInfo reports them.</summary>
public static class MarketStoreTypeCodes
{
    public static int Of(ColumnType type) => type switch
    {
        ColumnType.F4 => 0,
        ColumnType.I4 => 1,
        ColumnType.F8 => 2,
        ColumnType.I8 => 3,
        ColumnType.I1 => 5,
        ColumnType.I2 => 9,
        ColumnType.U1 => 10,
        ColumnType.U2 => 11,
        ColumnType.U4 => 12,
        ColumnType.U8 => 13,
        _ => 14,
    };
}
