using HeadlessCms.Api.Common.Persistence;
using HeadlessCms.Api.Common.Validation;

namespace HeadlessCms.Api.Data;

public enum ArticleStatus
{
    Draft,
    Scheduled,
    Published,
}

/// <summary>A row whose version changes on every write: the basis of ETags and If-Match.</summary>
public interface IVersioned
{
    Guid Id { get; }
    int Version { get; set; }
}

public sealed class Article : IHasSlug, IVersioned
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Excerpt { get; set; }
    public string Body { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public List<string> Highlights { get; set; } = [];
    public Guid AuthorId { get; set; }
    public Author Author { get; set; } = null!;
    public List<ArticleTag> Tags { get; set; } = [];
    public SourceAttribution? Source { get; set; }
    public ArticleStatus Status { get; set; }
    public DateTime? PublishedAt { get; set; }

    /// <summary>When a scheduled article goes live; null unless the status is scheduled.</summary>
    public DateTime? ScheduledAt { get; set; }
    public int Version { get; set; }

    // The keyset for lists: publishedAt for published articles, createdAt for drafts.
    // Kept as a real column so one index serves every list order.
    public DateTime ListedAt { get; set; }

    public static DateTime ListedAtFor(ArticleStatus status, DateTime? publishedAt, DateTime createdAt) =>
        status == ArticleStatus.Published && publishedAt is { } at ? at : createdAt;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int ReadingTimeMinutes { get; set; }

    /// <summary>Whether readers may post comments; editors close it per article.</summary>
    public bool CommentsEnabled { get; set; } = true;

    /// <summary>
    /// Approved comments, kept as a counter so article reads never count rows. Moderation changes it with an atomic
    /// SQL increment in the same transaction; it is not content, so it does not move the article's version.
    /// </summary>
    public int CommentCount { get; set; }
}

public sealed class SourceAttribution
{
    public required string Name { get; set; }
    public string? Url { get; set; }
    public DateOnly? PublishedOn { get; set; }
}

public sealed class ArticleTag
{
    public Guid ArticleId { get; set; }
    public Guid TagId { get; set; }
    public Tag Tag { get; set; } = null!;
    public int Position { get; set; }
}

public sealed class Author : IHasSlug, IVersioned
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Bio { get; set; }
    public string? BioHtml { get; set; }
    public string? AvatarUrl { get; set; }
    public string? WebsiteUrl { get; set; }
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class Tag : IHasSlug, IVersioned
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }

    // The first characters of the key, used to find it without storing the secret.
    public required string Prefix { get; set; }

    // SHA-256 of the whole key: keys are 256-bit random, so a slow hash adds nothing.
    public required byte[] Hash { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Request quotas (null: none), set when the key is created; see Common/Security/KeyQuotas.</summary>
    public int? RequestsPerMinute { get; set; }
    public int? RequestsPerDay { get; set; }

    /// <summary>When the key was last used, as of the last usage flush.</summary>
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>A key's requests on one UTC day, added to by each instance's usage flush (Features/ApiKeys/KeyUsage).</summary>
public sealed class ApiKeyUsageDay
{
    public Guid KeyId { get; set; }
    public DateOnly Day { get; set; }
    public long Requests { get; set; }
}

/// <summary>A full snapshot of an article's content after one change, numbered per article.</summary>
public sealed class ArticleRevision
{
    public Guid ArticleId { get; set; }
    public int Number { get; set; }
    public DateTime CreatedAt { get; set; }
    public Guid? KeyId { get; set; }
    public string? KeyName { get; set; }
    public List<string> ChangedFields { get; set; } = [];

    /// <summary>The content as JSON (see ArticleSnapshot); stored whole so a restore needs nothing else.</summary>
    public required string Snapshot { get; set; }
}

/// <summary>An old slug that still leads to its resource, until an editor releases it.</summary>
public sealed class SlugRedirect
{
    public required string ResourceType { get; set; }
    public required string Slug { get; set; }
    public Guid TargetId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>One write, as the audit log keeps it: who (key id and name, never the secret), what, on which target.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }
    public DateTime At { get; set; }
    public Guid? KeyId { get; set; }
    public string? KeyName { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public Guid? TargetId { get; set; }
    public string? TargetSlug { get; set; }
    public int? Version { get; set; }
}

public enum CommentStatus
{
    Pending,
    Approved,
    Rejected,
    Spam,
}

/// <summary>
/// A reader's comment, or a staff reply. Email and client hash are for moderation only and never leave the API
/// in a representation anonymous callers can get.
/// </summary>
public sealed class Comment : IVersioned
{
    public Guid Id { get; set; }
    public Guid ArticleId { get; set; }
    public Article Article { get; set; } = null!;

    /// <summary>The comment this one replies to (after the depth rule); null for a top-level comment.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>The top-level comment of the thread (its own id for a top-level comment): one index finds a whole thread.</summary>
    public Guid ThreadId { get; set; }

    /// <summary>1 for a top-level comment, 2 for a reply to it, and so on up to the maximum depth.</summary>
    public int Depth { get; set; }

    public required string AuthorName { get; set; }

    /// <summary>Required from readers; staff write through a key and give none.</summary>
    public string? AuthorEmail { get; set; }
    public string? AuthorUrl { get; set; }
    public required string Body { get; set; }
    public required string BodyHtml { get; set; }
    public CommentStatus Status { get; set; }

    /// <summary>Which content rule marked it spam, for moderators.</summary>
    public string? SpamReason { get; set; }

    /// <summary>The pseudonymous client (see ClientIdentity): for the duplicate rule, never shown.</summary>
    public required string ClientHash { get; set; }

    /// <summary>The daily hash of the network address alone (see ClientIdentity.NetworkOf): the duplicate rule holds per network too.</summary>
    public string? NetworkHash { get; set; }

    public bool Staff { get; set; }
    public Guid? StaffKeyId { get; set; }
    public string? StaffKeyName { get; set; }
    public int Likes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ModeratedAt { get; set; }
    public string? ModeratedBy { get; set; }
    public int Version { get; set; }
}

/// <summary>One client's like of one comment; the key makes a second like from the same client impossible.</summary>
public sealed class CommentLike
{
    public Guid CommentId { get; set; }
    public required string ClientHash { get; set; }

    /// <summary>The daily hash of the network address (null when unknown or the per-network like limit is off).</summary>
    public string? NetworkHash { get; set; }

    /// <summary>0 for a network's first like of the comment that day, 1 for its second...: unique with the two above.</summary>
    public int NetworkSlot { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The read model: a published article's responses, serialized once at write time, so a read is one indexed row
/// written straight to the client. Kept in step with the article in the same transaction as every write.
/// </summary>
public sealed class ArticleDocument
{
    public Guid ArticleId { get; set; }
    public required string Slug { get; set; }
    public Guid AuthorId { get; set; }
    public DateTime ListedAt { get; set; }

    /// <summary>The full article response (UTF-8 JSON), exactly as GET /articles/{slug} sends it.</summary>
    public required byte[] Json { get; set; }

    /// <summary>The article as a list item (UTF-8 JSON), ready to be joined into a page.</summary>
    public required byte[] ListJson { get; set; }

    public required string ETag { get; set; }

    /// <summary>Space-separated surrogate keys (article-…, author-…, tag-…) for a CDN in front to purge precisely.</summary>
    public required string SurrogateKeys { get; set; }
}

/// <summary>Which tags a published article carries, in list order, so a tag's page is one index range.</summary>
public sealed class ArticleDocumentTag
{
    public Guid TagId { get; set; }
    public Guid ArticleId { get; set; }
    public DateTime ListedAt { get; set; }
}

/// <summary>
/// The searchable text of an article (any status), kept in step with it inside the write's transaction. The full-text
/// index itself is the engine's: on SQLite two FTS5 tables fed by triggers on this table (stemmed words, and the plain
/// words that prefixes and suggestions expand from), on PostgreSQL a generated, weighted tsvector column with a GIN
/// index. Both are created by the migrations, outside the EF model.
/// </summary>
public sealed class ArticleSearchEntry
{
    /// <summary>The integer key the SQLite full-text tables use as their rowid.</summary>
    public long Id { get; set; }
    public Guid ArticleId { get; set; }
    public ArticleStatus Status { get; set; }
    public Guid AuthorId { get; set; }
    public DateTime? PublishedAt { get; set; }
    public DateTime ListedAt { get; set; }
    public required string Title { get; set; }
    public required string Highlights { get; set; }
    public required string Excerpt { get; set; }
    public required string Body { get; set; }
}

/// <summary>What one unit of work changed, as far as the read model and caches care.</summary>
public sealed class ContentChanges
{
    public HashSet<Guid> Articles { get; } = [];
    public HashSet<Guid> Authors { get; } = [];
    public HashSet<Guid> Tags { get; } = [];

    /// <summary>
    /// Articles a reader could see before or after this write (they had a stored document, or have one now): the
    /// change log for partners' sync records these. Filled in by the read model.
    /// </summary>
    public HashSet<Guid> PublicArticles { get; } = [];

    /// <summary>Whether content changed (the read model and caches care); events alone leave it empty.</summary>
    public bool IsEmpty => Articles.Count == 0 && Authors.Count == 0 && Tags.Count == 0;

    /// <summary>The webhook events the write raised, in order (see CmsDbContext.Raise); the webhook outbox turns them into deliveries.</summary>
    public List<RaisedEvent> Events { get; } = [];

    /// <summary>
    /// How the changed articles are addressed (ids and slugs, current and former, lowercase): their cached pages are
    /// evicted one by one, while lists, feeds and other pages go as a whole. Filled in by the read model.
    /// </summary>
    public HashSet<string> ArticleKeys { get; } = [];

    /// <summary>The content generation this write committed (set by the read model inside the transaction).</summary>
    public long Generation { get; set; }
}

/// <summary>
/// An event partners hear about (a webhook event type), the resource it is about, and the entity of the unit of work
/// it came with: an event whose anchor is no longer tracked belonged to a unit that was never saved and is dropped.
/// </summary>
public sealed record RaisedEvent(string Type, Guid ResourceId, string? Slug, object Anchor);

/// <summary>
/// Keeps derived state (the read model, caches, indexes, change logs) in step with writes. The DbContext calls every
/// registered observer, in registration order, inside the write's transaction (BeforeCommit) and after the commit
/// (AfterCommit). BeforeCommit runs after the write's own rows are saved, so an observer sees the new state (a deleted
/// article is gone) and whatever it adds commits with the write. The read model is registered first.
/// </summary>
public interface IContentChangeObserver
{
    Task BeforeCommitAsync(CmsDbContext db, ContentChanges changes, CancellationToken ct);

    void AfterCommit(ContentChanges changes)
    {
    }

    /// <summary>Awaited after the commit and before the write's response is sent (caches that must agree at once).</summary>
    Task AfterCommitAsync(ContentChanges changes)
    {
        AfterCommit(changes);
        return Task.CompletedTask;
    }
}

/// <summary>
/// One row: a counter every content write moves on, in the write's transaction. Instances that share a database
/// poll it to learn of writes made elsewhere and drop their cached responses.
/// </summary>
public sealed class ContentState
{
    public int Id { get; set; }
    public long Generation { get; set; }

    /// <summary>
    /// When content last changed (UTC): set with the generation, under the same row lock, to the later of its old value
    /// and the writer's clock, so it never goes back in commit order. Feeds' Last-Modified comes from it.
    /// </summary>
    public DateTime ChangedAt { get; set; }
}
