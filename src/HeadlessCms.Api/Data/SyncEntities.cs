using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HeadlessCms.Api.Data;

/// <summary>What a change-log row is about.</summary>
public enum SyncEntityKind
{
    Article,
    Author,
    Tag,
}

/// <summary>
/// One row of the partners' change log (GET /api/v1/sync): this entity changed in the write that committed this content
/// generation. Written in the write's transaction, after the read model moved the generation on; the sync reads the
/// entity's current state when it hands the row out, so a row only says "look again", never what the state was.
/// </summary>
public sealed class SyncChange
{
    public long Generation { get; set; }
    public Guid EntityId { get; set; }
    public SyncEntityKind Kind { get; set; }

    /// <summary>When the write ran (its clock): rows older than the retention are purged.</summary>
    public DateTime ChangedAt { get; set; }

    public static void Configure(EntityTypeBuilder<SyncChange> e)
    {
        e.HasKey(c => new { c.Generation, c.EntityId });
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(10);
        e.HasIndex(c => c.ChangedAt);
    }
}
