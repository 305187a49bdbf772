using HeadlessCms.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HeadlessCms.Migrations.Postgres;

/// <summary>Lets `dotnet ef` build the model for PostgreSQL without a server or the API.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<CmsDbContext>
{
    public CmsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<CmsDbContext>()
        .UseNpgsql("Host=localhost;Database=design_time", o => o.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.GetName().Name))
        .Options);
}
