using System.Text.RegularExpressions;
using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HeadlessCms.Api.Features.Comments;

/// <summary>
/// Simple content rules that store a reader's comment as spam instead of pending. The submitter always gets the same
/// 202 "pending" answer, so a bot cannot learn which rule caught it; moderators see the reason in the queue.
/// </summary>
public sealed class SpamRules
{
    private readonly CommentOptions options;
    private readonly Regex? blocklist;

    public SpamRules(IOptions<CommentOptions> options)
    {
        this.options = options.Value;
        var entries = this.options.Blocklist.Select(e => e.Trim()).Where(e => e.Length > 0).Select(Regex.Escape).ToList();

        // Whole words: "casino" does not catch "casinos", "spam.example" catches "www.spam.example" but not "nospam.example".
        blocklist = entries.Count == 0
            ? null
            : new Regex($@"(?<![\p{{L}}\p{{N}}_-])(?:{string.Join('|', entries)})(?![\p{{L}}\p{{N}}_-])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200));
    }

    /// <summary>Why the submission is spam, or null when it passes.</summary>
    public async Task<string?> CheckAsync(SubmitComment comment, CmsDbContext db, DateTime now, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(comment.Website))
        {
            return "honeypot";
        }

        var body = comment.Body!;
        if (CommentText.CountLinks(body) > options.MaxLinks)
        {
            return "links";
        }

        if (blocklist is not null && new[] { body, comment.AuthorName, comment.AuthorEmail, comment.AuthorUrl }.Any(t => t is not null && blocklist.IsMatch(t)))
        {
            return "blocklist";
        }

        var since = now - options.DuplicateWindow;
        // Per client, and per network address: a new User-Agent per request must not make a repeat new.
        var duplicate = await db.Comments.AnyAsync(c => c.ClientHash == comment.ClientHash && c.CreatedAt >= since && c.Body == body, ct)
            || (comment.NetworkHash is { } network
                && await db.Comments.AnyAsync(c => c.NetworkHash == network && c.CreatedAt >= since && c.Body == body, ct));
        return duplicate ? "duplicate" : null;
    }
}
