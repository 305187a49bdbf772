using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HeadlessCms.Api.Data;

public enum SubscriberStatus
{
    /// <summary>Signed up, confirmation email sent (or waiting for the domain cap); gets nothing else.</summary>
    Pending,

    /// <summary>Followed the confirmation link: gets digests.</summary>
    Confirmed,

    /// <summary>Unsubscribed: gets nothing until it signs up and confirms again.</summary>
    Unsubscribed,
}

/// <summary>
/// A newsletter reader. The address is stored normalized (trimmed, lowercase, IDN domains as punycode) and is only
/// ever returned to admins. Erasing a subscriber deletes the row and everything keyed by it.
/// </summary>
public sealed class Subscriber
{
    public Guid Id { get; set; }
    public required string Email { get; set; }

    /// <summary>The domain of the address, for the per-domain confirmation cap.</summary>
    public required string EmailDomain { get; set; }
    public string? Name { get; set; }
    public SubscriberStatus Status { get; set; }
    public List<SubscriberTopic> Topics { get; set; } = [];
    public DateTime CreatedAt { get; set; }

    /// <summary>When the last confirmation email was queued: re-signups re-send at most once an hour.</summary>
    public DateTime? ConfirmationSentAt { get; set; }

    /// <summary>
    /// Signed into confirmation tokens and renewed each time the address becomes pending again, so a link from an
    /// earlier round (before an unsubscribe) cannot confirm the new one.
    /// </summary>
    public int ConfirmStamp { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? UnsubscribedAt { get; set; }
}

/// <summary>A tag the subscriber wants; none at all means everything.</summary>
public sealed class SubscriberTopic
{
    public Guid SubscriberId { get; set; }
    public Guid TagId { get; set; }
    public Tag Tag { get; set; } = null!;
}

/// <summary>One digest: the articles it carries, chosen once when it is made.</summary>
public sealed class NewsletterDigest
{
    public Guid Id { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Who asked for it: a key's name, or "schedule".</summary>
    public string? RequestedBy { get; set; }
    public List<NewsletterDigestArticle> Articles { get; set; } = [];

    /// <summary>Recipients queued so far (by the fan-out).</summary>
    public int Recipients { get; set; }
    public DateTime? QueuedAt { get; set; }
}

/// <summary>An article a digest carries; an article goes into one digest at most.</summary>
public sealed class NewsletterDigestArticle
{
    public Guid DigestId { get; set; }
    public Guid ArticleId { get; set; }
}

/// <summary>That a digest went (or is queued to go) to a subscriber: the key makes a second send impossible.</summary>
public sealed class NewsletterDelivery
{
    public Guid DigestId { get; set; }
    public Guid SubscriberId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A server-wide secret generated once and kept in the database, so every instance and every restart agree.</summary>
public sealed class ServerSecret
{
    public required string Name { get; set; }
    public required byte[] Value { get; set; }
}

internal static class NewsletterModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Subscriber>(e =>
        {
            e.Property(s => s.Email).HasMaxLength(254);
            e.HasIndex(s => s.Email).IsUnique();
            e.Property(s => s.EmailDomain).HasMaxLength(253);
            e.Property(s => s.Name).HasMaxLength(100);
            e.Property(s => s.Status).HasConversion(new ValueConverter<SubscriberStatus, string>(
                v => v.ToString().ToLowerInvariant(), v => Enum.Parse<SubscriberStatus>(v, true))).HasMaxLength(20);
            e.HasMany(s => s.Topics).WithOne().HasForeignKey(t => t.SubscriberId).OnDelete(DeleteBehavior.Cascade);

            // The admin list (newest first, per status), the per-domain cap and the digest fan-out.
            e.HasIndex(s => new { s.Status, s.CreatedAt, s.Id });
            e.HasIndex(s => new { s.CreatedAt, s.Id });
            e.HasIndex(s => new { s.EmailDomain, s.ConfirmationSentAt });
        });

        b.Entity<SubscriberTopic>(e =>
        {
            e.HasKey(t => new { t.SubscriberId, t.TagId });
            e.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.TagId);
        });

        b.Entity<NewsletterDigest>(e =>
        {
            e.Property(d => d.RequestedBy).HasMaxLength(100);
            e.HasMany(d => d.Articles).WithOne().HasForeignKey(a => a.DigestId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => d.CreatedAt);
        });

        b.Entity<NewsletterDigestArticle>(e =>
        {
            e.HasKey(a => new { a.DigestId, a.ArticleId });

            // An article is carried by one digest at most: the next digest leaves out what an earlier one sent.
            e.HasIndex(a => a.ArticleId).IsUnique();
            e.HasOne<Article>().WithMany().HasForeignKey(a => a.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<NewsletterDelivery>(e =>
        {
            e.HasKey(d => new { d.DigestId, d.SubscriberId });
            e.HasOne<NewsletterDigest>().WithMany().HasForeignKey(d => d.DigestId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Subscriber>().WithMany().HasForeignKey(d => d.SubscriberId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(d => d.SubscriberId);
        });

        b.Entity<ServerSecret>(e =>
        {
            e.HasKey(s => s.Name);
            e.Property(s => s.Name).HasMaxLength(100);
        });
    }
}
