using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HeadlessCms.Api.Data;

public sealed class CmsDbContext(DbContextOptions<CmsDbContext> options) : DbContext(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<ArticleTag> ArticleTags => Set<ArticleTag>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands DateTime back without a kind; every instant we store is UTC,
        // so say so on the way out and JSON renders it with a trailing Z.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Article>(e =>
        {
            e.Property(a => a.Slug).HasMaxLength(120);
            e.HasIndex(a => a.Slug).IsUnique();
            e.Property(a => a.Title).HasMaxLength(200);
            e.Property(a => a.Excerpt).HasMaxLength(600);
            e.Property(a => a.Status).HasConversion(new EnumToLowerStringConverter<ArticleStatus>()).HasMaxLength(20);
            e.HasOne(a => a.Author).WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
            e.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
            e.OwnsOne(a => a.Source, s =>
            {
                s.Property(x => x.Name).HasColumnName("SourceName").HasMaxLength(200);
                s.Property(x => x.Url).HasColumnName("SourceUrl").HasMaxLength(2048);
                s.Property(x => x.PublishedOn).HasColumnName("SourcePublishedOn");
            });
            e.HasIndex(a => new { a.Status, a.ListedAt, a.Id });
            e.HasIndex(a => new { a.AuthorId, a.Status, a.ListedAt, a.Id });
        });

        b.Entity<ArticleTag>(e =>
        {
            e.HasKey(t => new { t.ArticleId, t.TagId });
            e.HasOne(t => t.Tag).WithMany().HasForeignKey(t => t.TagId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(t => t.TagId);
        });

        b.Entity<Author>(e =>
        {
            e.Property(a => a.Slug).HasMaxLength(120);
            e.HasIndex(a => a.Slug).IsUnique();
            e.Property(a => a.Name).HasMaxLength(100);
            e.Property(a => a.AvatarUrl).HasMaxLength(2048);
            e.Property(a => a.WebsiteUrl).HasMaxLength(2048);
        });

        b.Entity<Tag>(e =>
        {
            e.Property(t => t.Slug).HasMaxLength(120);
            e.HasIndex(t => t.Slug).IsUnique();
            e.Property(t => t.Name).HasMaxLength(100);
            e.Property(t => t.Description).HasMaxLength(600);
        });

        b.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(100);
            e.Property(k => k.Role).HasMaxLength(20);
            e.Property(k => k.Prefix).HasMaxLength(20);
            e.HasIndex(k => k.Prefix).IsUnique();
        });
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class EnumToLowerStringConverter<TEnum>() : ValueConverter<TEnum, string>(
        v => v.ToString().ToLowerInvariant(),
        v => Enum.Parse<TEnum>(v, true))
        where TEnum : struct, Enum;
}
