using HeadlessCms.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace HeadlessCms.Tests.Data;

/// <summary>Each provider's migration set must describe the model exactly: a model change without a migration fails here.</summary>
public abstract class MigrationTests(CmsApiFixture fx)
{
    [Fact]
    public void The_migrations_match_the_model()
    {
        using var db = fx.NewDbContext();
        Assert.False(db.Database.HasPendingModelChanges(), $"The {fx.Provider} model has changes no migration covers: run scripts/add-migration.sh.");
        Assert.Empty(db.Database.GetPendingMigrations());
    }
}

public sealed class MigrationTestsOnSqlite(SqliteFixture fx) : MigrationTests(fx), IClassFixture<SqliteFixture>;

public sealed class MigrationTestsOnPostgres(PostgresFixture fx) : MigrationTests(fx.OrSkip()), IClassFixture<PostgresFixture>;
