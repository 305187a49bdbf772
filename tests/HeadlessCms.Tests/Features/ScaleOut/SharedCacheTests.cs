using System.Net;
using HeadlessCms.Api.Common.Caching;
using HeadlessCms.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HeadlessCms.Tests.Features.ScaleOut;

/// <summary>
/// Several instances on one database and one Redis. Database polling is set to once an hour here, so what keeps
/// another instance fresh can only be Redis.
/// </summary>
public abstract class SharedCacheTests(CmsApiFixture fx, RedisServer redis)
{
    private static readonly Dictionary<string, string?> NoRedis = new() { ["Cms:Redis:Configuration"] = "" };

    [Fact]
    public async Task A_write_on_one_instance_is_fresh_on_another_at_once()
    {
        var other = fx.AnotherInstance(new Dictionary<string, string?>());
        var reader = other.CreateClient();
        var (editor, article, _) = await EditorClient.NewArticle(fx);
        var id = article.Str("id");
        await new ContentBuilder(editor).Publish(id);

        var stale = 0;
        for (var i = 0; i < 200; i++)
        {
            var title = $"Title number {i}";
            await EditorClient.Patch(editor, $"/api/v1/articles/{id}", "*", $$"""{"title":"{{title}}"}""").Expect(HttpStatusCode.OK);
            var read = await reader.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK);
            if (read.Str("title") != title)
            {
                stale++;
            }
        }

        Assert.Equal(0, stale);
    }

    [Fact]
    public async Task Without_redis_the_same_reads_would_be_stale_so_the_test_above_can_fail()
    {
        var isolated = fx.AnotherInstance(NoRedis).CreateClient();
        var (editor, article, _) = await EditorClient.NewArticle(fx);
        var id = article.Str("id");
        await new ContentBuilder(editor).Publish(id);
        var before = await isolated.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK);

        await EditorClient.Patch(editor, $"/api/v1/articles/{id}", "*", """{"title":"Changed elsewhere"}""").Expect(HttpStatusCode.OK);

        var after = await isolated.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(before.Str("title"), after.Str("title"));
    }

    [Fact]
    public async Task A_read_that_finds_redis_behind_a_write_being_announced_leaves_other_instances_pages_cached()
    {
        // Between a write moving its own instance on and its announcement reaching Redis, reads on that instance find
        // Redis one generation behind. Healing Redis from such a read moved the shared epoch, so under load nearly every
        // write dropped every page on every instance. Played here by holding Redis one generation back for one read.
        var (editor, article, _) = await EditorClient.NewArticle(fx);
        var id = article.Str("id");
        await new ContentBuilder(editor).Publish(id);
        var other = fx.AnotherInstance(new Dictionary<string, string?>()).CreateClient();
        var path = $"/api/v1/articles/{id}";
        await other.GetAsync(path).Expect(HttpStatusCode.OK);
        Assert.NotNull((await other.GetAsync(path)).Headers.Age);

        var connection = fx.Service<RedisConnection>();
        var generation = connection.Key("content:generation");
        var announced = (long)await connection.Database.StringGetAsync(generation);
        var known = fx.Service<ContentCache>().Generation;
        Assert.True(known >= announced, $"this instance knows generation {known}, Redis {announced}");
        await connection.Database.StringSetAsync(generation, known - 1);
        await fx.Anonymous().GetAsync("/api/v1/articles?limit=1").Expect(HttpStatusCode.OK);
        await connection.Database.StringSetAsync(generation, announced);

        var after = await other.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotNull(after.Headers.Age);
    }

    [Fact]
    public async Task Instances_share_cached_responses()
    {
        var other = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Redis:LocalLayer"] = "false" });
        var (editor, article, _) = await EditorClient.NewArticle(fx);
        var id = article.Str("id");
        await new ContentBuilder(editor).Publish(id);
        await fx.Anonymous().GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK);

        // Filled by the first instance, found by the other: its key count in Redis does not grow on the second read.
        var keysBefore = await KeyCountAsync();
        await other.CreateClient().GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(keysBefore, await KeyCountAsync());
    }

    [Fact]
    public async Task Redis_going_away_and_coming_back_costs_no_errors_and_no_staleness()
    {
        var (editor, article, _) = await EditorClient.NewArticle(fx);
        var id = article.Str("id");
        await new ContentBuilder(editor).Publish(id);
        var anonymous = fx.Anonymous();
        await anonymous.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK);

        await redis.StopAsync();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var title = $"While Redis is away {i}";
                await EditorClient.Patch(editor, $"/api/v1/articles/{id}", "*", $$"""{"title":"{{title}}"}""").Expect(HttpStatusCode.OK);
                Assert.Equal(title, (await anonymous.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK)).Str("title"));
                await anonymous.GetAsync("/api/v1/articles?limit=5").Expect(HttpStatusCode.OK);
            }
        }
        finally
        {
            await redis.StartAgainAsync();
        }

        await WaitForRedisAsync();
        var other = fx.AnotherInstance(new Dictionary<string, string?>()).CreateClient();
        await EditorClient.Patch(editor, $"/api/v1/articles/{id}", "*", """{"title":"Redis is back"}""").Expect(HttpStatusCode.OK);
        Assert.Equal("Redis is back", (await other.GetAsync($"/api/v1/articles/{id}").Expect(HttpStatusCode.OK)).Str("title"));
    }

    [Fact]
    public async Task Three_instances_share_one_key_guessing_limit_so_it_allows_twenty_failures_not_sixty()
    {
        const string guesser = "203.0.113.91";
        var instances = new[] { fx.From(guesser), Guessing(fx.AnotherInstance(new Dictionary<string, string?>())), Guessing(fx.AnotherInstance(new Dictionary<string, string?>())) };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/tags");
            request.Headers.Authorization = new("Bearer", $"hcms_guess{i:D4}xxxxxxxxxxxxxxxxxxxxxxxxxx");
            statuses.Add((await instances[i % 3].SendAsync(request)).StatusCode);
        }

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.All(statuses.Skip(20), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));

        // An instance that counts on its own has seen none of them: the shared count is what stopped the guesser.
        var isolated = Guessing(fx.AnotherInstance(NoRedis));
        isolated.DefaultRequestHeaders.Authorization = new("Bearer", "hcms_guessisolatedxxxxxxxxxxxxxxxxxxxx");
        Assert.Equal(HttpStatusCode.Unauthorized, (await isolated.GetAsync("/api/v1/tags")).StatusCode);

        HttpClient Guessing(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> instance)
        {
            var client = instance.CreateClient();
            client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, guesser);
            return client;
        }
    }

    [Fact]
    public async Task A_redis_that_is_down_at_start_does_not_stop_the_api()
    {
        var unreachable = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Redis:Configuration"] = "127.0.0.1:1" });
        await unreachable.CreateClient().GetAsync("/api/v1/articles?limit=1").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public void A_malformed_redis_configuration_stops_the_start_and_names_the_setting()
    {
        var error = Assert.ThrowsAny<Exception>(() => fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:Redis:Configuration"] = "127.0.0.1:notaport" }));
        Assert.Contains("Cms:Redis:Configuration", Flatten(error));
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private async Task<long> KeyCountAsync()
    {
        var connection = fx.Service<RedisConnection>();
        return (long)await connection.Database.ExecuteAsync("DBSIZE");
    }

    private async Task WaitForRedisAsync()
    {
        var connection = fx.Service<RedisConnection>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!connection.IsConnected)
        {
            Assert.True(DateTime.UtcNow < deadline, "the API did not reconnect to Redis within 20 s");
            await Task.Delay(100);
        }
    }
}

/// <summary>An engine fixture with a private Redis; polling slowed to once an hour so only Redis can keep instances fresh.</summary>
public interface IRedisFixture
{
    RedisServer Redis { get; }
}

public sealed class RedisSqliteFixture : SqliteFixture, IRedisFixture
{
    private RedisServer? redis;

    public RedisServer Redis => redis!;

    public override async ValueTask InitializeAsync()
    {
        if (RedisServer.Unavailable is null)
        {
            redis = await RedisServer.StartAsync();
            await base.InitializeAsync();
        }
    }

    protected override IReadOnlyDictionary<string, string?> Settings => RedisSettings.For(redis);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

public sealed class RedisPostgresFixture : PostgresFixture, IRedisFixture
{
    private RedisServer? redis;

    public RedisServer Redis => redis!;

    public override async ValueTask InitializeAsync()
    {
        if (RedisServer.Unavailable is null && SkipReason is null)
        {
            redis = await RedisServer.StartAsync();
            await base.InitializeAsync();
        }
    }

    protected override IReadOnlyDictionary<string, string?> Settings => RedisSettings.For(redis);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}

internal static class RedisSettings
{
    public static IReadOnlyDictionary<string, string?> For(RedisServer? redis) => new Dictionary<string, string?>
    {
        ["Cms:RequireIfMatch"] = "false",
        ["Cms:Redis:Configuration"] = redis?.Configuration,
        ["Cms:Caching:SyncSeconds"] = "3600",
    };

    public static void SkipWithout()
    {
        if (RedisServer.Unavailable is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}

public sealed class SharedCacheSqliteTests : SharedCacheTests, IClassFixture<RedisSqliteFixture>
{
    public SharedCacheSqliteTests(RedisSqliteFixture fx) : base(fx, Skip(fx)) { }

    private static RedisServer Skip(RedisSqliteFixture fx)
    {
        RedisSettings.SkipWithout();
        return fx.Redis;
    }
}

public sealed class SharedCachePostgresTests : SharedCacheTests, IClassFixture<RedisPostgresFixture>
{
    public SharedCachePostgresTests(RedisPostgresFixture fx) : base(fx.OrSkip(), Skip(fx)) { }

    private static RedisServer Skip(RedisPostgresFixture fx)
    {
        RedisSettings.SkipWithout();
        return fx.Redis;
    }
}
