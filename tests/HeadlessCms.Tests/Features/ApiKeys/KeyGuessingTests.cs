using System.Net;
using HeadlessCms.Tests.Infrastructure;
using static HeadlessCms.Tests.Infrastructure.Api;

namespace HeadlessCms.Tests.Features.ApiKeys;

/// <summary>Finding 4: wrong keys from one address are throttled after 20 failures; other addresses are unaffected.</summary>
public abstract class KeyGuessingTests(CmsApiFixture fx)
{
    [Fact]
    public async Task Twenty_wrong_keys_from_one_address_then_429_with_retry_after_whatever_key_is_sent()
    {
        const string guesser = "203.0.113.77";
        for (var i = 0; i < 20; i++)
        {
            await fx.From(guesser, $"hcms_guess{i:D4}xxxxxxxxxxxxxxxxxxxxxxxx").GetAsync("/api/v1/tags").ExpectUnauthorized();
        }

        var response = await fx.From(guesser, "hcms_guess9999xxxxxxxxxxxxxxxxxxxxxxxx").GetAsync("/api/v1/tags");
        var problem = await response.ExpectProblem(HttpStatusCode.TooManyRequests);
        Assert.Equal(429, (int)problem["status"]!);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);

        // Even the right key: a different answer would tell the guesser it found one.
        await fx.From(guesser, CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").ExpectProblem(HttpStatusCode.TooManyRequests);

        // Anonymous reads from the same address carry no key and are not throttled.
        await fx.From(guesser).GetAsync("/api/v1/tags").Expect(HttpStatusCode.OK);

        // A valid key from another address (IPv6 this time) is unaffected.
        await fx.From("2001:db8:77::1", CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Valid_keys_do_not_count_as_failures()
    {
        const string editor = "198.51.100.12";
        for (var i = 0; i < 30; i++)
        {
            await fx.From(editor, CmsApiFixture.AdminKey).GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);
        }

        await fx.From(editor, "hcms_onewrongkeyxxxxxxxxxxxxxxxxxxxxx").GetAsync("/api/v1/tags").ExpectUnauthorized();
    }
}

public sealed class KeyGuessingTestsOnSqlite(SqliteFixture fx) : KeyGuessingTests(fx), IClassFixture<SqliteFixture>;

public sealed class KeyGuessingTestsOnPostgres(PostgresFixture fx) : KeyGuessingTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
