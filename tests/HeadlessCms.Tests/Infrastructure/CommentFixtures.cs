namespace HeadlessCms.Tests.Infrastructure;

/// <summary>
/// Comment settings for tests: a known blocklist and link limit, a fixed client secret, and rate limits so high that only
/// the rate-limit suites (with their own small limits: per network twice the per-client ones) ever meet them.
/// </summary>
internal static class CommentSetup
{
    public const int SmallLimit = 3;

    public static readonly IReadOnlyDictionary<string, string?> Settings = With(10_000);

    public static readonly IReadOnlyDictionary<string, string?> SmallLimits = With(SmallLimit);

    private static Dictionary<string, string?> With(int limit) => new()
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:Comments:MaxLinks"] = "2",
        ["Cms:Comments:Blocklist:0"] = "casino",
        ["Cms:Comments:Blocklist:1"] = "pills.example",
        ["Cms:Comments:ClientSecret"] = "test-comment-client-secret",
        ["Cms:Comments:RateLimits:Submissions"] = limit.ToString(),
        ["Cms:Comments:RateLimits:Likes"] = limit.ToString(),
        ["Cms:Comments:RateLimits:NetworkSubmissions"] = (limit * 2).ToString(),
        ["Cms:Comments:RateLimits:NetworkLikes"] = (limit * 2).ToString(),
    };
}

public sealed class CommentsSqliteFixture : SqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => CommentSetup.Settings;
}

public sealed class CommentsPostgresFixture : PostgresFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => CommentSetup.Settings;
}

public sealed class RateLimitedSqliteFixture : SqliteFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => CommentSetup.SmallLimits;
}

public sealed class RateLimitedPostgresFixture : PostgresFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => CommentSetup.SmallLimits;
}
