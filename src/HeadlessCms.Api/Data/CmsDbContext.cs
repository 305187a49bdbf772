using HeadlessCms.Api.Common.Background;
using HeadlessCms.Api.Common.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HeadlessCms.Api.Data;

public sealed class CmsDbContext(DbContextOptions<CmsDbContext> options) : DbContext(options)
{
    // Survives a pooled context's reset; harmless if it does: refreshing an article or moving the cache on once
    // more than needed is idempotent, and SaveChanges clears it.
    private readonly ContentChanges pending = new();

    // Contexts are pooled (a pooled context takes only its options), so the observers come from the application's
    // services, in registration order (the read model first); tools that build a context by hand have none and skip
    // the derived state.
    private IContentChangeObserver[] Observers => observers ??= ApplicationServices?.GetServices<IContentChangeObserver>().ToArray() ?? [];

    private IServiceProvider? ApplicationServices => this.GetService<IDbContextOptions>()
        .FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.ApplicationServiceProvider;

    // Set when jobs were saved inside a transaction the caller owns: the worker is woken once it says it committed.
    private bool jobsAwaitingCommit;

    private IContentChangeObserver[]? observers;

    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<SlugRedirect> SlugRedirects => Set<SlugRedirect>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentLike> CommentLikes => Set<CommentLike>();
    public DbSet<ArticleDocument> ArticleDocuments => Set<ArticleDocument>();
    public DbSet<ArticleDocumentTag> ArticleDocumentTags => Set<ArticleDocumentTag>();
    public DbSet<ArticleSearchEntry> ArticleSearch => Set<ArticleSearchEntry>();
    public DbSet<ContentState> ContentStates => Set<ContentState>();
    public DbSet<Subscriber> Subscribers => Set<Subscriber>();
    public DbSet<SubscriberTopic> SubscriberTopics => Set<SubscriberTopic>();
    public DbSet<NewsletterDigest> NewsletterDigests => Set<NewsletterDigest>();
    public DbSet<NewsletterDelivery> NewsletterDeliveries => Set<NewsletterDelivery>();
    public DbSet<ServerSecret> ServerSecrets => Set<ServerSecret>();
    public DbSet<BackgroundJob> BackgroundJobs => Set<BackgroundJob>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<SyncChange> SyncChanges => Set<SyncChange>();
    public DbSet<ApiKeyUsageDay> ApiKeyUsage => Set<ApiKeyUsageDay>();

    // Events raised in this unit of work; a pooled context's reset does not clear them, their anchors tell (see Raise).
    private readonly List<RaisedEvent> raised = [];

    /// <summary>
    /// Raises a webhook event (Features/Webhooks/WebhookEvents) with the next SaveChanges: the webhook outbox writes
    /// its deliveries in the same transaction. <paramref name="anchor"/> is an entity of this unit of work (the changed
    /// row, or its audit entry); call it where the audit entry is recorded.
    /// </summary>
    public void Raise(string type, Guid resourceId, string? slug, object anchor) => raised.Add(new RaisedEvent(type, resourceId, slug, anchor));

    /// <summary>
    /// Marks an article as changed by a write EF does not track (ExecuteUpdate in the scheduler, counters):
    /// the next SaveChanges refreshes its read model and caches like any other change.
    /// </summary>
    public void ArticleChanged(Guid articleId) => pending.Articles.Add(articleId);

    /// <summary>
    /// Every write moves the version of what it changed; the version is also the concurrency token, so of two
    /// writers who read the same version only the first can save. Audit entries get the version they produced.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var versions = new Dictionary<Guid, int>();
        foreach (var entry in ChangeTracker.Entries<IVersioned>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.Version = 1;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.Version = entry.Property(e => e.Version).OriginalValue + 1;
            }

            versions[entry.Entity.Id] = entry.Entity.Version;
        }

        foreach (var audit in ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added))
        {
            if (audit.Entity.Version is null && audit.Entity.TargetId is { } target && versions.TryGetValue(target, out var version))
            {
                audit.Entity.Version = version;
            }
        }

        var changes = CollectChanges();
        pending.Articles.Clear();
        if (Observers.Length == 0 || (changes.IsEmpty && changes.Events.Count == 0))
        {
            var jobs = HasNewJobs();
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            JobsSaved(jobs);
            return result;
        }

        // The write and its derived state commit together: a reader never sees one without the other.
        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            foreach (var observer in Observers)
            {
                await observer.BeforeCommitAsync(this, changes, cancellationToken);
            }

            // Observers may enqueue jobs (the webhook outbox): they commit with the write.
            var jobs = HasNewJobs();
            await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
                JobsSaved(jobs);
                await AfterCommitAsync(changes);
            }
            else
            {
                // The caller owns the transaction: the observer hears of it when the caller says it committed.
                pendingAfterCommit.Add(changes);
                jobsAwaitingCommit |= jobs;
            }

            return saved;
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private readonly List<ContentChanges> pendingAfterCommit = [];

    /// <summary>For writes that run in a transaction of their own (the scheduler): call after committing it.</summary>
    public async Task CommittedAsync()
    {
        foreach (var changes in pendingAfterCommit)
        {
            await AfterCommitAsync(changes);
        }

        pendingAfterCommit.Clear();
        JobsSaved(jobsAwaitingCommit);
    }

    private bool HasNewJobs() => ChangeTracker.Entries<BackgroundJob>().Any(e => e.State == EntityState.Added);

    /// <summary>Wakes this instance's worker for jobs just saved, once they are committed (later, if a transaction is open).</summary>
    private void JobsSaved(bool any)
    {
        if (!any)
        {
            return;
        }

        if (Database.CurrentTransaction is not null)
        {
            jobsAwaitingCommit = true;
            return;
        }

        jobsAwaitingCommit = false;
        ApplicationServices?.GetService<BackgroundSignal>()?.Wake();
    }

    // Not cancellable: the write has committed, and what depends on it must hear of it even if the caller has gone.
    private async Task AfterCommitAsync(ContentChanges changes)
    {
        foreach (var observer in Observers)
        {
            await observer.AfterCommitAsync(changes);
        }
    }

    private ContentChanges CollectChanges()
    {
        var changes = new ContentChanges();
        changes.Articles.UnionWith(pending.Articles);
        changes.Events.AddRange(raised.Where(e => Entry(e.Anchor).State != EntityState.Detached));
        raised.Clear();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Article article:
                    changes.Articles.Add(article.Id);
                    // The slug it had when loaded: a rename or delete must also drop what was cached under the old one.
                    changes.ArticleKeys.Add(Common.Caching.ContentCache.ArticleKey((string?)entry.OriginalValues[nameof(Article.Slug)] ?? article.Slug));
                    break;
                case ArticleTag link:
                    changes.Articles.Add(link.ArticleId);
                    break;
                case Author author when entry.State != EntityState.Added:
                    changes.Authors.Add(author.Id);
                    break;
                case Tag tag when entry.State != EntityState.Added:
                    changes.Tags.Add(tag.Id);
                    break;
            }
        }

        return changes;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back without a kind; every instant we store is UTC,
        // so say so on the way out and JSON renders it with a trailing Z.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Article>(e =>
        {
            e.Property(a => a.Slug).HasMaxLength(120);
            e.HasIndex(a => a.Slug).IsUnique();
            e.Property(a => a.Title).HasMaxLength(200);
            e.Property(a => a.Excerpt).HasMaxLength(600);
            e.Property(a => a.Status).HasConversion(new EnumToLowerStringConverter<ArticleStatus>()).HasMaxLength(20);
            e.HasOne(a => a.Author).WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
            e.OwnsOne(a => a.Source, s =>
            {
                s.Property(x => x.Name).HasColumnName("SourceName").HasMaxLength(200);
                s.Property(x => x.Url).HasColumnName("SourceUrl").HasMaxLength(2048);
                s.Property(x => x.PublishedOn).HasColumnName("SourcePublishedOn");
            });
            e.Property(a => a.Version).IsConcurrencyToken();
            e.HasIndex(a => new { a.Status, a.ListedAt, a.Id });
            e.HasIndex(a => new { a.Status, a.ScheduledAt });
            e.HasIndex(a => new { a.AuthorId, a.Status, a.ListedAt, a.Id });
        });

        b.Entity<ArticleTag>(e =>
        {
            e.HasKey(t => new { t.ArticleId, t.TagId });
            e.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.TagId);
        });

        b.Entity<Author>(e =>
        {
            e.Property(a => a.Slug).HasMaxLength(120);
            e.HasIndex(a => a.Slug).IsUnique();
            e.Property(a => a.Name).HasMaxLength(100);
            e.Property(a => a.AvatarUrl).HasMaxLength(2048);
            e.Property(a => a.WebsiteUrl).HasMaxLength(2048);
            e.Property(a => a.Version).IsConcurrencyToken();
        });

        b.Entity<Tag>(e =>
        {
            e.Property(t => t.Slug).HasMaxLength(120);
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Description).HasMaxLength(600);
            e.Property(t => t.Version).IsConcurrencyToken();
        });

        b.Entity<ArticleRevision>(e =>
        {
            e.HasKey(r => new { r.ArticleId, r.Number });
            e.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
            e.Property(r => r.KeyName).HasMaxLength(100);
        });

        b.Entity<SlugRedirect>(e =>
        {
            e.HasKey(r => new { r.ResourceType, r.Slug });
            e.Property(r => r.ResourceType).HasMaxLength(20);
            e.Property(r => r.Slug).HasMaxLength(120);
            e.HasIndex(r => r.TargetId);
        });

        b.Entity<ArticleDocument>(e =>
        {
            e.HasKey(d => d.ArticleId);
            e.Property(d => d.Slug).HasMaxLength(120);
            e.Property(d => d.ETag).HasMaxLength(40);
            e.Property(d => d.SurrogateKeys).HasMaxLength(2000);
            e.HasIndex(d => d.Slug).IsUnique();
            e.HasIndex(d => new { d.ListedAt, d.ArticleId });
            e.HasIndex(d => new { d.AuthorId, d.ListedAt, d.ArticleId });
        });

        b.Entity<ArticleDocumentTag>(e =>
        {
            e.HasKey(t => new { t.TagId, t.ListedAt, t.ArticleId });
            e.HasIndex(t => t.ArticleId);
        });

        b.Entity<ArticleSearchEntry>(e =>
        {
            // SQLite triggers feed the FTS5 tables (see the migration); declared so EF does not use RETURNING on this table.
            e.ToTable("ArticleSearch", t => t.HasTrigger("ArticleSearch_ai"));
            e.HasIndex(s => s.ArticleId).IsUnique();
            e.Property(s => s.Status).HasConversion(new EnumToLowerStringConverter<ArticleStatus>()).HasMaxLength(20);
            e.Property(s => s.Title).HasMaxLength(200);
        });

        b.Entity<ContentState>(e =>
        {
            e.Property(s => s.Id).ValueGeneratedNever();
            e.HasData(new ContentState { Id = 1, Generation = 0, ChangedAt = DateTime.UnixEpoch });
        });

        b.Entity<AuditEntry>(e =>
        {
            e.Property(a => a.Action).HasMaxLength(40);
            e.Property(a => a.TargetType).HasMaxLength(20);
            e.Property(a => a.TargetSlug).HasMaxLength(120);
            e.Property(a => a.KeyName).HasMaxLength(100);
            e.HasIndex(a => new { a.At, a.Id });
            e.HasIndex(a => new { a.TargetId, a.At });
            e.HasIndex(a => new { a.Action, a.At });
        });

        b.Entity<Comment>(e =>
        {
            e.HasOne(c => c.Article).WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);

            // Deleting a comment deletes its replies: the database does it, so no reply is ever left without its parent.
            e.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Cascade);
            e.Property(c => c.Status).HasConversion(new EnumToLowerStringConverter<CommentStatus>()).HasMaxLength(20);
            e.Property(c => c.AuthorName).HasMaxLength(80);
            e.Property(c => c.AuthorEmail).HasMaxLength(254);
            e.Property(c => c.AuthorUrl).HasMaxLength(2048);
            e.Property(c => c.Body).HasMaxLength(5000);
            e.Property(c => c.SpamReason).HasMaxLength(40);
            e.Property(c => c.ClientHash).HasMaxLength(64);
            e.Property(c => c.NetworkHash).HasMaxLength(64);
            e.Property(c => c.StaffKeyName).HasMaxLength(100);
            e.Property(c => c.ModeratedBy).HasMaxLength(100);
            e.Property(c => c.Version).IsConcurrencyToken();

            // The moderation queue, newest first, across articles and per article.
            e.HasIndex(c => new { c.Status, c.CreatedAt, c.Id });
            e.HasIndex(c => new { c.ArticleId, c.Status, c.CreatedAt, c.Id });

            // Reader lists: the top-level comments of an article in order, then whole threads.
            e.HasIndex(c => new { c.ArticleId, c.Depth, c.CreatedAt, c.Id });
            e.HasIndex(c => new { c.ThreadId, c.Status, c.CreatedAt });
            e.HasIndex(c => c.ParentId);

            // The duplicate rule and the staff statistics.
            e.HasIndex(c => new { c.ClientHash, c.CreatedAt });
            e.HasIndex(c => new { c.NetworkHash, c.CreatedAt });
            e.HasIndex(c => new { c.StaffKeyId, c.Status });
        });

        b.Entity<CommentLike>(e =>
        {
            e.HasKey(l => new { l.CommentId, l.ClientHash });
            e.Property(l => l.ClientHash).HasMaxLength(64);
            e.Property(l => l.NetworkHash).HasMaxLength(64);

            // One like per comment per network per day (more when configured): two parallel likes take the same slot and
            // one of them fails here, on every instance. NULL network hashes never collide.
            e.HasIndex(l => new { l.CommentId, l.NetworkHash, l.NetworkSlot }).IsUnique();
            e.HasOne<Comment>().WithMany().HasForeignKey(l => l.CommentId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<BackgroundJob>(Common.Background.BackgroundJobs.Configure);

        b.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Role).HasMaxLength(20);
            e.Property(k => k.Prefix).HasMaxLength(20);
            e.HasIndex(k => k.Prefix).IsUnique();
        });

        // No foreign key: a flush may still carry counts of a key revoked meanwhile; they are harmless and age out.
        b.Entity<ApiKeyUsageDay>(e =>
        {
            e.ToTable("ApiKeyUsage");
            e.HasKey(u => new { u.KeyId, u.Day });
            e.HasIndex(u => u.Day);
        });

        NewsletterModel.Configure(b);
        b.Entity<IdempotencyRecord>(IdempotencyRecord.Configure);
        WebhookModel.Configure(b);
        b.Entity<SyncChange>(SyncChange.Configure);
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class EnumToLowerStringConverter<TEnum>() : ValueConverter<TEnum, string>(
        v => v.ToString().ToLowerInvariant(),
        v => Enum.Parse<TEnum>(v, true))
        where TEnum : struct, Enum;
}
