using System.Net;
using System.Text.RegularExpressions;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.ApiKeys;

/// <summary>Per-key quotas (requests per minute and per day, IETF RateLimit fields, 429) and usage reports, on a fake clock.</summary>
public abstract partial class KeyQuotaTests(IEditorialFixture fixture)
{
    private readonly CmsApiFixture fx = fixture.Api;

    [Fact]
    public async Task A_keys_minute_and_day_quotas_are_announced_counted_and_enforced_with_429_and_retry_after()
    {
        var (id, key) = await CreateKey("partner", perMinute: 3, perDay: 5);
        var client = fx.WithKey(key);

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var ok = await client.GetAsync("/api/v1/articles");
            await ok.Expect(HttpStatusCode.OK);
            Assert.Equal("\"minute\";q=3;w=60, \"day\";q=5;w=86400", Header(ok, "RateLimit-Policy"));
            var state = State(ok);
            Assert.Equal((remaining, 5 - (3 - remaining)), (state["minute"].Remaining, state["day"].Remaining));
            Assert.InRange(state["minute"].Reset, 1, 60);
            Assert.InRange(state["day"].Reset, 86_000, 86_400);
        }

        var refused = await client.GetAsync("/api/v1/articles");
        var problem = await refused.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("3 requests per minute", problem.Str("detail"));
        Assert.InRange(int.Parse(Header(refused, "Retry-After")), 1, 60);
        Assert.Equal(0, State(refused)["minute"].Remaining);
        Assert.Equal(2, State(refused)["day"].Remaining);   // a refused request spends nothing of the day

        // A new minute: the day's last two requests, then the day's quota says no until tomorrow.
        fixture.Clock.Advance(TimeSpan.FromSeconds(61));
        await client.GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);
        await client.GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);
        var dayRefused = await client.GetAsync("/api/v1/articles");
        var dayProblem = await dayRefused.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Contains("5 requests per day", dayProblem.Str("detail"));
        Assert.InRange(int.Parse(Header(dayRefused, "Retry-After")), 86_000, 86_400);

        // Anonymous reads and other keys are not this key's business.
        var anonymous = await fx.Anonymous().GetAsync("/api/v1/articles");
        Assert.False(anonymous.Headers.Contains("RateLimit-Policy"));
        var (_, other) = await CreateKey("partner", perMinute: 3, perDay: 5);
        await fx.WithKey(other).GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        await client.GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);
        _ = id;
    }

    [Fact]
    public async Task Every_answer_to_a_keyed_request_with_a_quota_carries_the_RateLimit_fields_once_problems_included()
    {
        var (_, key) = await CreateKey("partner", perMinute: 3, perDay: 100);
        var client = fx.WithKey(key);
        const string policy = "\"minute\";q=3;w=60, \"day\";q=100;w=86400";

        var ok = await client.GetAsync("/api/v1/articles");
        await ok.Expect(HttpStatusCode.OK);
        Assert.Equal(policy, Once(ok, "RateLimit-Policy"));
        Assert.Equal((2, 99), Remaining(ok));

        // A problem a handler throws: the exception handler clears the response, the fields are set again as it starts.
        var missing = await client.GetAsync("/api/v1/articles/no-such-article");
        await missing.ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal(policy, Once(missing, "RateLimit-Policy"));
        Assert.Equal((1, 98), Remaining(missing));

        // A 415 is answered by the endpoint, after the quota was read (the document declares the fields on it).
        var unsupported = await client.PostRaw("/api/v1/newsletter/subscriptions", "{}", "text/plain");
        await unsupported.ExpectProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(policy, Once(unsupported, "RateLimit-Policy"));
        Assert.Equal((0, 97), Remaining(unsupported));

        var refused = await client.GetAsync("/api/v1/articles");
        await refused.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(policy, Once(refused, "RateLimit-Policy"));
        Assert.Equal((0, 97), Remaining(refused));
        Assert.InRange(int.Parse(Once(refused, "Retry-After")), 1, 60);

        // A wrong key is refused before any quota is read.
        var wrong = await fx.WithKey(key + "x").GetAsync("/api/v1/articles");
        await wrong.ExpectProblem(HttpStatusCode.Unauthorized);
        Assert.False(wrong.Headers.Contains("RateLimit-Policy"));
        Assert.False(wrong.Headers.Contains("RateLimit"));
    }

    [Fact]
    public async Task Quotas_default_per_role_from_configuration_and_out_of_range_ones_are_field_errors()
    {
        var partner = await fx.Admin().PostJson("/api/v1/api-keys", new { name = "partner defaults", role = "partner" }).Expect(HttpStatusCode.Created);
        Assert.Equal((600, 100_000), (partner.Int("requestsPerMinute"), partner.Int("requestsPerDay")));
        var editor = await fx.Admin().PostJson("/api/v1/api-keys", new { name = "editor defaults", role = "editor" }).Expect(HttpStatusCode.Created);
        Assert.Null(editor["requestsPerMinute"]);
        Assert.Null(editor["requestsPerDay"]);
        var unlimited = await fx.WithKey(editor.Str("key")).GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);

        var listed = await fx.Admin().GetAsync("/api/v1/api-keys?limit=100").Expect(HttpStatusCode.OK);
        var shown = listed.Items().Single(k => k!.Str("id") == partner.Str("id"))!;
        Assert.Equal((600, 100_000), (shown.Int("requestsPerMinute"), shown.Int("requestsPerDay")));

        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "x", role = "partner", requestsPerMinute = 0 }).ExpectValidation("requestsPerMinute");
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "x", role = "partner", requestsPerMinute = -5 }).ExpectValidation("requestsPerMinute");
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "x", role = "partner", requestsPerMinute = 2_000_000 }).ExpectValidation("requestsPerMinute");
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "x", role = "partner", requestsPerDay = 2_000_000_000 }).ExpectValidation("requestsPerDay");
        await fx.Admin().PostJson("/api/v1/api-keys", new { name = "x", role = "partner", requestsPerMinute = 100, requestsPerDay = 50 }).ExpectValidation("requestsPerDay");
        await fx.Admin().PostRaw("/api/v1/api-keys", "{\"name\":\"x\",\"role\":\"partner\",\"requestsPerDay\":\"many\"}").ExpectProblem(HttpStatusCode.BadRequest);
        _ = unlimited;
    }

    [Fact]
    public async Task Usage_reports_requests_per_day_for_30_days_and_the_last_use()
    {
        var (id, key) = await CreateKey("partner", perMinute: 1000, perDay: 10_000);
        var client = fx.WithKey(key);
        var unused = await fx.Admin().GetAsync($"/api/v1/api-keys/{id}/usage").Expect(HttpStatusCode.OK);
        Assert.Null(unused["lastUsedAt"]);
        Assert.Equal(30, unused["days"]!.AsArray().Count);
        Assert.All(unused["days"]!.AsArray(), d => Assert.Equal(0, d!.Int("requests")));

        for (var i = 0; i < 4; i++)
        {
            await client.GetAsync("/api/v1/articles").Expect(HttpStatusCode.OK);
        }

        await client.GetAsync("/api/v1/articles/no-such-article").ExpectProblem(HttpStatusCode.NotFound);   // counted too
        fixture.Clock.Advance(TimeSpan.FromDays(1));
        var before = fixture.Clock.GetUtcNow();
        await client.GetAsync("/api/v1/tags").Expect(HttpStatusCode.OK);
        await client.GetAsync("/api/v1/tags").Expect(HttpStatusCode.OK);

        var usage = await fx.Admin().GetAsync($"/api/v1/api-keys/{id}/usage").Expect(HttpStatusCode.OK);
        var days = usage["days"]!.AsArray();
        Assert.Equal(30, days.Count);
        var today = DateOnly.FromDateTime(fixture.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(today.ToString("yyyy-MM-dd"), days[^1].Str("date"));
        Assert.Equal(today.AddDays(-29).ToString("yyyy-MM-dd"), days[0].Str("date"));
        Assert.Equal((5, 2), (days[^2]!.Int("requests"), days[^1]!.Int("requests")));
        Assert.Equal(7, days.Sum(d => d!.Int("requests")));
        Assert.True(DateTimeOffset.Parse(usage.Str("lastUsedAt")) >= before.AddSeconds(-1));

        // Counted in memory and added up on each flush: reading again adds nothing twice.
        var again = await fx.Admin().GetAsync($"/api/v1/api-keys/{id}/usage").Expect(HttpStatusCode.OK);
        Assert.Equal(7, again["days"]!.AsArray().Sum(d => d!.Int("requests")));

        await fx.Admin().GetAsync($"/api/v1/api-keys/{Guid.NewGuid()}/usage").ExpectProblem(HttpStatusCode.NotFound);
        await client.GetAsync($"/api/v1/api-keys/{id}/usage").ExpectProblem(HttpStatusCode.Forbidden);
        await fx.Anonymous().GetAsync($"/api/v1/api-keys/{id}/usage").ExpectUnauthorized();
    }

    private async Task<(string Id, string Key)> CreateKey(string role, int perMinute, int perDay)
    {
        var created = await fx.Admin().PostJson("/api/v1/api-keys", new
        {
            name = Infrastructure.Api.Unique("quota"), role, requestsPerMinute = perMinute, requestsPerDay = perDay,
        }).Expect(HttpStatusCode.Created);
        Assert.Equal((perMinute, perDay), (created.Int("requestsPerMinute"), created.Int("requestsPerDay")));
        return (created.Str("id"), created.Str("key"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new Xunit.Sdk.XunitException($"No {name} header.");

    /// <summary>The value of a field the response carries exactly once (one header line, one value).</summary>
    private static string Once(HttpResponseMessage response, string name) =>
        Assert.Single(response.Headers.TryGetValues(name, out var values) ? values : []);

    /// <summary>The minute's and the day's remaining requests, from a RateLimit field sent exactly once.</summary>
    private static (int Minute, int Day) Remaining(HttpResponseMessage response)
    {
        var state = StateItem().Matches(Once(response, "RateLimit"))
            .ToDictionary(m => m.Groups["name"].Value, m => int.Parse(m.Groups["r"].Value));
        Assert.Equal(["day", "minute"], state.Keys.Order());
        return (state["minute"], state["day"]);
    }

    /// <summary>The RateLimit field: each named limit's remaining requests (r) and seconds to its reset (t).</summary>
    private static Dictionary<string, (int Remaining, int Reset)> State(HttpResponseMessage response) =>
        StateItem().Matches(Header(response, "RateLimit"))
            .ToDictionary(m => m.Groups["name"].Value, m => (int.Parse(m.Groups["r"].Value), int.Parse(m.Groups["t"].Value)));

    [GeneratedRegex("\"(?<name>[a-z]+)\";r=(?<r>\\d+);t=(?<t>\\d+)")]
    private static partial Regex StateItem();
}

public sealed class KeyQuotaTestsOnSqlite(EditorialSqliteFixture fx) : KeyQuotaTests(fx), IClassFixture<EditorialSqliteFixture>;

public sealed class KeyQuotaTestsOnPostgres(EditorialPostgresFixture fx) : KeyQuotaTests(fx.OrSkipEditorial()), IClassFixture<EditorialPostgresFixture>;
