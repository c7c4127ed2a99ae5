namespace Archiver.Store.Buckets;

/// <summary>How a bucket stores records in a time slot.</summary>
public enum RecordKind
{
    /// <summary>At most one record per slot; Epoch is the slot start; a later write to a slot replaces it.</summary>
    Fixed,

    /// <summary>Any number of records per slot (ticks) at exact nanosecond times, stable order for equal times.</summary>
    Variable,
}
