using System.Net;
using System.Security.Cryptography;
using HeadlessCms.Api.Common.Security;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.ApiKeys;

/// <summary>Finding 4: Cms:AdminApiKey accepted any string (the README's example was "change-me").</summary>
public abstract class BootstrapKeyTests(CmsApiFixture fx)
{
    [Theory]
    [InlineData("change-me")]
    [InlineData("hcms_short")]
    [InlineData("adminadminadminadminadminadminadmin")]
    public void A_weak_admin_key_stops_the_start_with_a_message_naming_the_setting(string weak)
    {
        var failure = Record.Exception(() => fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:AdminApiKey"] = weak }));
        Assert.NotNull(failure);
        Assert.Contains("Cms:AdminApiKey is too weak", failure.ToString());
        Assert.Contains("openssl rand -base64 32", failure.ToString());
    }

    [Fact]
    public async Task A_generated_admin_key_starts_and_works()
    {
        foreach (var key in new[] { Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), ApiKeyDefaults.NewKey() })
        {
            var instance = fx.AnotherInstance(new Dictionary<string, string?> { ["Cms:AdminApiKey"] = key });
            var admin = instance.CreateClient();
            admin.DefaultRequestHeaders.Authorization = new("Bearer", key);
            await admin.GetAsync("/api/v1/api-keys").Expect(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("change-me", "9 characters")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "1 distinct")]
    [InlineData("abcabcabcabcabcabcabcabcabcabcabcabc", "3 distinct")]
    [InlineData("correct horse battery staple horse battery", "white space")]
    [InlineData("k3Jx9QmZ2vT8pL5wR7nY4bH6cF1gD0sAeU", null)]
    public void Weakness_is_explained(string key, string? expected)
    {
        var weakness = BootstrapKey.Weakness(key);
        if (expected is null)
        {
            Assert.Null(weakness);
        }
        else
        {
            Assert.Contains(expected, weakness);
        }
    }
}

public sealed class BootstrapKeyTestsOnSqlite(SqliteFixture fx) : BootstrapKeyTests(fx), IClassFixture<SqliteFixture>;

public sealed class BootstrapKeyTestsOnPostgres(PostgresFixture fx) : BootstrapKeyTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
