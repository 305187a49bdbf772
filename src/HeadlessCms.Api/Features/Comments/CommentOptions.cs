namespace HeadlessCms.Api.Features.Comments;

/// <summary>Settings for reader comments (Cms:Comments).</summary>
public sealed class CommentOptions
{
    public const string Section = "Cms:Comments";

    /// <summary>Replies nest this deep at most; a reply to a comment at this depth joins that comment's parent.</summary>
    public const int MaxDepth = 3;

    /// <summary>A comment with more links than this (http(s):// or www.) is stored as spam.</summary>
    public int MaxLinks { get; set; } = 2;

    /// <summary>Words and domains that mark a comment spam, matched case-insensitively as whole words.</summary>
    public List<string> Blocklist { get; set; } = [];

    /// <summary>An exact repeat of a body the same client sent within this window is spam.</summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// The server secret the daily client salt is derived from. Set it (the same on every instance); when empty a
    /// random one is made at start, so clients get new hashes after a restart.
    /// </summary>
    public string? ClientSecret { get; set; }

    public CommentRateLimitOptions RateLimits { get; set; } = new();
}

/// <summary>Requests per client per window; 0 turns a limit off. Staff keys are never limited.</summary>
public sealed class CommentRateLimitOptions
{
    public int Submissions { get; set; } = 5;

    public int Likes { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
