using System.Net;
using HeadlessCms.Tests.Infrastructure;

namespace HeadlessCms.Tests.Features.Health;

public abstract class HealthTests(CmsApiFixture fx)
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy_without_a_key(string path)
    {
        var response = await fx.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

public sealed class HealthTestsOnSqlite(SqliteFixture fx) : HealthTests(fx), IClassFixture<SqliteFixture>;

public sealed class HealthTestsOnPostgres(PostgresFixture fx) : HealthTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
