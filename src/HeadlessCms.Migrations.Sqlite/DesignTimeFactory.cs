using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HeadlessCms.Migrations.Sqlite;

/// <summary>Lets `dotnet ef` build the model for SQLite without starting the API.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CmsDbContext>
{
    public CmsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CmsDbContext>()
        .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
