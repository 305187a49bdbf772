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

/// <summary>
/// Requests per client (network + User-Agent) and per network address alone, per window; 0 turns a limit off. Staff
/// keys are never limited. Newsletter signups have the submission numbers.
/// </summary>
public sealed class CommentRateLimitOptions
{
    public int Submissions { get; set; } = 5;

    public int Likes { get; set; } = 30;

    /// <summary>Higher than per client: several readers share an office's or a mobile carrier's address.</summary>
    public int NetworkSubmissions { get; set; } = 20;

    public int NetworkLikes { get; set; } = 120;

    /// <summary>Likes one network address may give one comment per UTC day, whatever User-Agents it sends; 0: no such limit.</summary>
    public int LikesPerCommentPerNetwork { get; set; } = 1;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
