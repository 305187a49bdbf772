// Builds a benchmark database: a fresh SQLite file with the API's own migrations and N published articles
// shaped like real ones. Usage: Seeder <db-path> <article-count> [--seed 42]
//
// Writes <db-path> plus, beside it, slugs.txt (up to 1,000 article slugs spread over the whole archive, shuffled)
// and tags.txt (every tag slug) for the load generator. The database is built under a temporary name and renamed
// at the end, so an interrupted run never leaves a half-seeded file that a later run would reuse.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using HeadlessCms.Api.Common.Text;
using HeadlessCms.Api.Common.Validation;
using HeadlessCms.Api.Data;
using HeadlessCms.Bench.Seeder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

if (args.Length < 2 || !int.TryParse(args[1], out var count) || count < 1)
{
    Console.Error.WriteLine("usage: Seeder <db-path> <article-count> [--seed 42]");
    return 2;
}

var dbPath = Path.GetFullPath(args[0]);
var seed = args.Length >= 4 && args[2] == "--seed" ? int.Parse(args[3], CultureInfo.InvariantCulture) : 42;
var dir = Path.GetDirectoryName(dbPath)!;
Directory.CreateDirectory(dir);
var building = dbPath + ".partial";
foreach (var stale in new[] { building, building + "-wal", building + "-shm", building + "-journal", dbPath, dbPath + "-wal", dbPath + "-shm" })
{
    File.Delete(stale);
}

var total = Stopwatch.StartNew();
var connectionString = DatabaseSetup.SqliteConnectionString($"Data Source={building}", dir);
DbContextOptions<CmsDbContext> Options() => new DbContextOptionsBuilder<CmsDbContext>()
    .UseSqlite(connectionString, o => o.MigrationsAssembly(DatabaseSetup.SqliteMigrationsAssembly)).Options;

// The schema comes from the API's own migration set, so the benchmark database is exactly what the API would create.
var phase = Stopwatch.StartNew();
await using (var db = new CmsDbContext(Options()))
{
    await db.Database.MigrateAsync();
}

Console.WriteLine($"migrations applied in {phase.ElapsedMilliseconds} ms");

var rng = new Random(seed);
var text = new NewsText(rng);
var markdown = new MarkdownRenderer();

// Authors and tags are few: EF writes them the ordinary way.
var epoch = new DateTime(2025, 10, 1, 8, 0, 0, DateTimeKind.Utc);
var authors = MakeAuthors(rng, markdown, epoch);
var tags = MakeTags(epoch);
await using (var db = new CmsDbContext(Options()))
{
    db.Authors.AddRange(authors);
    db.Tags.AddRange(tags);
    await db.SaveChangesAsync();
}

await using var connection = new SqliteConnection(connectionString);
await connection.OpenAsync();

// A bulk load does not need crash safety (an interrupted seed is thrown away), so no WAL and no fsync while loading;
// the file is switched to WAL at the end, as the API runs it.
Execute(connection, "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY;");

// Rendering Markdown (Markdig + HtmlSanitizer) costs about a millisecond per 6 KB body: 100,000 of them would be
// most of the seeding time. So bodies are a per-article first paragraph (plain text, which renders to <p>text</p>)
// followed by one of a few dozen section variants rendered once (sections overshoot their target by a paragraph
// each, so about 4,500 characters of target make a ~6,000-character body); the stitched HTML is verified below to be exactly
// what the renderer makes of the whole body.
const int VariantCount = 48;
var variants = Enumerable.Range(0, VariantCount).Select(_ =>
{
    var sections = text.Sections(rng.Next(4200, 4800));
    return (Markdown: sections, Html: markdown.ToHtml(sections), Words: WordCount(MarkdownRenderer.ToPlainText(sections)));
}).ToArray();

// Newest first in time: gaps of 1-9 minutes give distinct instants (about a year of news at 100,000 articles).
var publishedAt = new DateTime[count];
var at = epoch;
for (var i = 0; i < count; i++)
{
    at = at.AddSeconds(-rng.Next(60, 540));
    publishedAt[i] = at;
}

var sources = new[]
{
    "Meridian Resource Analytics", "Northgate Commodities Review", "Harbor and Vale Research", "Continental Metals Monitor",
    "Blue Ridge Supply Chain Institute", "Kestrel Mining Journal", "Atlas Trade Intelligence", "Lindenfeld Energy Papers",
    "The Refining Ledger", "Polar Minerals Bulletin", "Southern Cross Markets Desk", "Granite Policy Group",
};

phase.Restart();
var slugs = new HashSet<string>(count);
var sampleSlugs = new List<string>();
var sampleIds = new List<Guid>();
var sampleEvery = Math.Max(1, count / 1000);
var verified = 0;
await using (var modelDb = new CmsDbContext(Options()))
await using (var tx = connection.BeginTransaction())
{
    // Articles and their tag links go in through prepared statements built from EF's model (see TableWriter).
    var articles = new TableWriter<Article>(modelDb, connection, tx);
    var articleTags = new TableWriter<ArticleTag>(modelDb, connection, tx);

    // Oldest first, as a newsroom would have written them: rowid order is chronological, as in a real archive.
    for (var i = count - 1; i >= 0; i--)
    {
        var when = publishedAt[i];
        var id = Uuid7(when, rng);
        var title = text.Title();
        var slug = Slugs.FromText(title);
        for (var n = 2; !slugs.Add(slug); n++)
        {
            slug = Slugs.WithSuffix(Slugs.FromText(title), n);
        }

        var intro = text.PlainParagraph(rng.Next(2, 4));
        var variant = variants[rng.Next(VariantCount)];
        var body = intro + "\n\n" + variant.Markdown;
        var bodyHtml = "<p>" + intro + "</p>\n" + variant.Html;
        var excerpt = MarkdownRenderer.DeriveExcerpt(intro);
        var readingTime = Math.Max(1, (int)Math.Ceiling((WordCount(intro) + variant.Words) / 230.0));
        if (i < 3 || i % Math.Max(1, count / 10) == 0)
        {
            Verify(markdown, body, bodyHtml, excerpt, readingTime, slug);
            verified++;
        }

        var highlights = Enumerable.Range(0, 9).Select(_ => text.Highlight()).ToList();
        var author = authors[rng.Next(authors.Count)];
        var source = sources[rng.Next(sources.Length)];
        articles.Insert(new Article
        {
            Id = id,
            Slug = slug,
            Title = title,
            Excerpt = excerpt,
            Body = body,
            BodyHtml = bodyHtml,
            Highlights = highlights,
            AuthorId = author.Id,
            Source = new SourceAttribution
            {
                Name = source,
                Url = $"https://example.org/reports/{slug[..Math.Min(slug.Length, 40)].TrimEnd('-')}",
                PublishedOn = DateOnly.FromDateTime(when.AddDays(-rng.Next(0, 4))),
            },
            Status = ArticleStatus.Published,
            PublishedAt = when,
            ListedAt = when,
            CreatedAt = when.AddMinutes(-rng.Next(30, 600)),
            UpdatedAt = when,
            ReadingTimeMinutes = readingTime,
            Version = 1,
        });

        // Three distinct tags of fifty, in the order an editor picked them.
        var first = rng.Next(tags.Count);
        var second = (first + 1 + rng.Next(tags.Count - 1)) % tags.Count;
        int third;
        do
        {
            third = rng.Next(tags.Count);
        }
        while (third == first || third == second);

        var position = 0;
        foreach (var tag in new[] { first, second, third })
        {
            articleTags.Insert(new ArticleTag { ArticleId = id, TagId = tags[tag].Id, Position = position++ });
        }

        if (i % sampleEvery == 0 && sampleSlugs.Count < 1000)
        {
            sampleSlugs.Add(slug);
            sampleIds.Add(id);
        }
    }

    await tx.CommitAsync();
}

var insertMs = phase.ElapsedMilliseconds;
Console.WriteLine($"inserted {count:N0} articles ({count * 3:N0} tag links) in {insertMs:N0} ms ({count * 1000.0 / Math.Max(1, insertMs):N0} articles/s); "
    + $"{verified} bodies checked against a full render");

// Read back through EF, as the API would: ids, slugs, instants (the keyset lists compare), tags, highlights and the
// owned source must all come back as written. Only the Data layer is used, so feature refactors cannot break this.
phase.Restart();
await using (var db = new CmsDbContext(Options()))
{
    var published = await db.Articles.CountAsync(a => a.Status == ArticleStatus.Published);
    var (probeSlug, probeId) = (sampleSlugs[sampleSlugs.Count / 2], sampleIds[sampleSlugs.Count / 2]);
    var article = await db.Articles.AsNoTracking().Include(a => a.Author).Include(a => a.Tags).ThenInclude(t => t.Tag)
        .SingleAsync(a => a.Slug == probeSlug);
    var middle = publishedAt[count / 2];
    var older = await db.Articles.CountAsync(a => a.Status == ArticleStatus.Published && a.ListedAt < middle);
    if (published != count || article.Id != probeId || article.Tags.Count != 3 || article.Tags.Any(t => t.Tag is null)
        || article.Highlights.Count != 9 || article.Source?.PublishedOn is null || article.Author is null
        || older != count - count / 2 - 1)
    {
        throw new InvalidOperationException($"read-back failed: {published} published, id {article.Id} vs {probeId}, "
            + $"{article.Tags.Count} tags, {article.Highlights.Count} highlights, source {article.Source?.Name}, {older} older than the middle");
    }
}

Console.WriteLine($"read back through EF in {phase.ElapsedMilliseconds} ms");

// Another engineer is adding a CQRS read model. When the API has one, it is built from the base rows here, so the
// benchmark measures the read path the API really has; looked up by reflection so this builds either way.
var rebuild = typeof(CmsDbContext).Assembly.GetType("HeadlessCms.Api.Data.ReadModel")
    ?.GetMethod("RebuildAsync", BindingFlags.Public | BindingFlags.Static, [typeof(CmsDbContext), typeof(CancellationToken)]);
if (rebuild is null)
{
    Console.WriteLine("read model: HeadlessCms.Api.Data.ReadModel.RebuildAsync not found, skipped");
}
else
{
    phase.Restart();
    await using var db = new CmsDbContext(Options());
    switch (rebuild.Invoke(null, [db, CancellationToken.None]))
    {
        case Task task:
            await task;
            break;
        case ValueTask valueTask:
            await valueTask;
            break;
        case { } other when other.GetType().GetMethod("AsTask") is { } asTask:
            await (Task)asTask.Invoke(other, null)!;
            break;
    }

    Console.WriteLine($"read model: ReadModel.RebuildAsync ran in {phase.ElapsedMilliseconds:N0} ms");
}

// WAL is a property of the file; the API switches to it on start as well, this only saves it the work.
Execute(connection, "PRAGMA journal_mode=WAL;");
await connection.CloseAsync();
SqliteConnection.ClearAllPools();
File.Move(building, dbPath);
await File.WriteAllLinesAsync(Path.Combine(dir, "slugs.txt"), sampleSlugs.OrderBy(_ => rng.Next()));
await File.WriteAllLinesAsync(Path.Combine(dir, "tags.txt"), tags.Select(t => t.Slug));

Console.WriteLine($"seeded {count:N0} articles into {dbPath} ({new FileInfo(dbPath).Length / 1048576.0:N0} MiB) in {total.Elapsed.TotalSeconds:N1} s");
return 0;

static List<Author> MakeAuthors(Random rng, MarkdownRenderer markdown, DateTime at)
{
    string[] first = ["Ines", "Tomasz", "Amara", "Jonas", "Priya", "Mateo", "Hanna", "Kwame", "Sofia", "Daniel",
        "Leila", "Oskar", "Yuki", "Carmen", "Felix", "Nadia", "Rafael", "Greta", "Samir", "Elena"];
    string[] last = ["Okafor", "Brandt", "Castellanos", "Virtanen", "Raman", "Duarte", "Kowalczyk", "Mensah", "Larsen", "Moreau",
        "Haddad", "Nakamura", "Ferreira", "Novak", "Quinn", "Sandoval", "Holm", "Achterberg", "Petrov", "Whitfield"];
    return Enumerable.Range(0, 20).Select(i =>
    {
        var name = $"{first[i]} {last[(i * 7) % last.Length]}";
        var bio = $"{name} covers critical minerals and industrial supply chains from {(i % 2 == 0 ? "Brussels" : "Singapore")}. "
            + $"Before joining the desk, {first[i]} spent {rng.Next(3, 15)} years reporting on *mining finance* and trade policy.";
        return new Author
        {
            Id = Uuid7(at.AddDays(-400).AddMinutes(i), rng),
            Slug = Slugs.FromText(name),
            Name = name,
            Bio = bio,
            BioHtml = markdown.ToHtml(bio),
            AvatarUrl = $"https://example.org/avatars/{Slugs.FromText(name)}.jpg",
            WebsiteUrl = i % 3 == 0 ? $"https://example.org/people/{Slugs.FromText(name)}" : null,
            CreatedAt = at.AddDays(-400),
            UpdatedAt = at.AddDays(-400),
        };
    }).ToList();
}

static List<Tag> MakeTags(DateTime at)
{
    string[] names =
    [
        "Rare Earths", "Lithium", "Cobalt", "Nickel", "Graphite", "Copper", "Gallium", "Germanium", "Tungsten", "Vanadium",
        "Manganese", "Antimony", "Uranium", "Supply Chains", "Export Controls", "Tariffs", "Processing", "Refining",
        "Recycling", "Batteries", "Electric Vehicles", "Magnets", "Defence", "Semiconductors", "Mining", "Exploration",
        "Permitting", "ESG", "Trade", "China", "Russia", "Australia", "Canada", "Africa", "Latin America", "Europe",
        "United States", "India", "Japan", "Korea", "Prices", "Contracts", "Stockpiles", "Investment", "Policy",
        "Energy Transition", "Shipping", "Ports", "Labour", "Technology",
    ];
    var tagRng = new Random(7);
    return names.Select((name, i) => new Tag
    {
        Id = Uuid7(at.AddDays(-400).AddSeconds(i), tagRng),
        Slug = Slugs.FromText(name),
        Name = name,
        Description = $"News and analysis about {name.ToLowerInvariant()}.",
        CreatedAt = at.AddDays(-400),
        UpdatedAt = at.AddDays(-400),
    }).ToList();
}

// A UUIDv7 (what the API uses) with its random bits from the seeded generator, so reruns give the same ids.
static Guid Uuid7(DateTime at, Random rng)
{
    Span<byte> bytes = stackalloc byte[16];
    rng.NextBytes(bytes);
    var ms = new DateTimeOffset(at).ToUnixTimeMilliseconds();
    for (var b = 0; b < 6; b++)
    {
        bytes[b] = (byte)(ms >> (8 * (5 - b)));
    }

    bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
    bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
    return new Guid(bytes, bigEndian: true);
}

static void Verify(MarkdownRenderer markdown, string body, string bodyHtml, string excerpt, int readingTime, string slug)
{
    var html = markdown.ToHtml(body);
    if (html != bodyHtml || excerpt != MarkdownRenderer.DeriveExcerpt(body) || readingTime != MarkdownRenderer.ReadingTimeMinutes(body))
    {
        var at = Enumerable.Range(0, Math.Min(html.Length, bodyHtml.Length)).FirstOrDefault(k => html[k] != bodyHtml[k]);
        throw new InvalidOperationException($"{slug}: the stitched body differs from a full render at {at}: "
            + $"'{html[at..Math.Min(html.Length, at + 60)]}' vs '{bodyHtml[at..Math.Min(bodyHtml.Length, at + 60)]}'; "
            + $"excerpt {excerpt == MarkdownRenderer.DeriveExcerpt(body)}, reading time {readingTime} vs {MarkdownRenderer.ReadingTimeMinutes(body)}");
    }
}

static int WordCount(string plain) => plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

static void Execute(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
