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
using HeadlessCms.Api.Common;
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

// Authors and tags are few: EF writes them, which also shows us how EF formats ids and instants in SQLite,
// so the raw inserts below can be checked against it instead of trusting a guess.
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
CheckFormatsAgainstEf(connection, authors[0]);

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
var sampleEvery = Math.Max(1, count / 1000);
var verified = 0;
await using (var tx = connection.BeginTransaction())
{
    var insertArticle = Command(connection, tx, """
        INSERT INTO Articles (Id, Slug, Title, Excerpt, Body, BodyHtml, Highlights, AuthorId, SourceName, SourceUrl,
            SourcePublishedOn, Status, PublishedAt, ScheduledAt, Version, ListedAt, CreatedAt, UpdatedAt, ReadingTimeMinutes,
            CommentsEnabled, CommentCount)
        VALUES ($id, $slug, $title, $excerpt, $body, $bodyHtml, $highlights, $authorId, $sourceName, $sourceUrl,
            $sourcePublishedOn, 'published', $publishedAt, NULL, 1, $publishedAt, $createdAt, $publishedAt, $readingTime, 1, 0)
        """, "$id", "$slug", "$title", "$excerpt", "$body", "$bodyHtml", "$highlights", "$authorId", "$sourceName", "$sourceUrl",
        "$sourcePublishedOn", "$publishedAt", "$createdAt", "$readingTime");
    var insertTag = Command(connection, tx, "INSERT INTO ArticleTags (ArticleId, TagId, Position) VALUES ($articleId, $tagId, $position)",
        "$articleId", "$tagId", "$position");

    // Oldest first, as a newsroom would have written them: rowid order is chronological, as in a real archive.
    var highlights = new string[9];
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

        for (var h = 0; h < highlights.Length; h++)
        {
            highlights[h] = text.Highlight();
        }

        var author = authors[rng.Next(authors.Count)];
        var source = sources[rng.Next(sources.Length)];

        var p = insertArticle.Parameters;
        p["$id"].Value = GuidText(id);
        p["$slug"].Value = slug;
        p["$title"].Value = title;
        p["$excerpt"].Value = excerpt;
        p["$body"].Value = body;
        p["$bodyHtml"].Value = bodyHtml;
        p["$highlights"].Value = JsonSerializer.Serialize(highlights);
        p["$authorId"].Value = GuidText(author.Id);
        p["$sourceName"].Value = source;
        p["$sourceUrl"].Value = $"https://example.org/reports/{slug[..Math.Min(slug.Length, 40)].TrimEnd('-')}";
        p["$sourcePublishedOn"].Value = DateOnly.FromDateTime(when.AddDays(-rng.Next(0, 4))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        p["$publishedAt"].Value = InstantText(when);
        p["$createdAt"].Value = InstantText(when.AddMinutes(-rng.Next(30, 600)));
        p["$readingTime"].Value = readingTime;
        insertArticle.ExecuteNonQuery();

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
            insertTag.Parameters["$articleId"].Value = GuidText(id);
            insertTag.Parameters["$tagId"].Value = GuidText(tags[tag].Id);
            insertTag.Parameters["$position"].Value = position++;
            insertTag.ExecuteNonQuery();
        }

        if (i % sampleEvery == 0 && sampleSlugs.Count < 1000)
        {
            sampleSlugs.Add(slug);
        }
    }

    await tx.CommitAsync();
}

var insertMs = phase.ElapsedMilliseconds;
Console.WriteLine($"inserted {count:N0} articles ({count * 3:N0} tag links) in {insertMs:N0} ms ({count * 1000.0 / Math.Max(1, insertMs):N0} articles/s); "
    + $"{verified} bodies checked against a full render");

// Read back through EF: the projection readers get, and the keyset comparison lists use, must see what we wrote.
phase.Restart();
await using (var db = new CmsDbContext(Options()))
{
    var published = await db.Articles.CountAsync(a => a.Status == ArticleStatus.Published);
    var probe = sampleSlugs[sampleSlugs.Count / 2];
    var article = await db.Articles.AsNoTracking().Where(a => a.Slug == probe)
        .Select(HeadlessCms.Api.Features.Articles.ArticleProjections.Full).SingleAsync();
    var middle = publishedAt[count / 2];
    var older = await db.Articles.CountAsync(a => a.Status == ArticleStatus.Published && a.ListedAt < middle);
    if (published != count || article.Tags.Count != 3 || article.Highlights.Count != 9 || older != count - count / 2 - 1)
    {
        throw new InvalidOperationException(
            $"read-back failed: {published} published, {article.Tags.Count} tags, {article.Highlights.Count} highlights, {older} older than the middle");
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

// How EF Core's SQLite provider stores these types (TEXT), checked against EF's own rows by CheckFormatsAgainstEf.
static string GuidText(Guid id) => id.ToString().ToUpperInvariant();

static string InstantText(DateTime at) => at.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

static void CheckFormatsAgainstEf(SqliteConnection connection, Author author)
{
    using var read = connection.CreateCommand();
    read.CommandText = "SELECT Id, CreatedAt FROM Authors WHERE Slug = $slug";
    read.Parameters.AddWithValue("$slug", author.Slug);
    using var row = read.ExecuteReader();
    row.Read();
    var (id, created) = (row.GetString(0), row.GetString(1));
    if (id != GuidText(author.Id) || created != InstantText(author.CreatedAt))
    {
        throw new InvalidOperationException($"EF stores ids/instants as '{id}'/'{created}', the seeder would write "
            + $"'{GuidText(author.Id)}'/'{InstantText(author.CreatedAt)}': update GuidText/InstantText.");
    }
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

static SqliteCommand Command(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
{
    var command = connection.CreateCommand();
    command.Transaction = tx;
    command.CommandText = sql;
    foreach (var name in names)
    {
        command.Parameters.Add(new SqliteParameter { ParameterName = name });
    }

    command.Prepare();
    return command;
}

static void Execute(SqliteConnection connection, string sql)
{
    using var command = connection.CreateCommand();
    command.CommandText = sql;
    command.ExecuteNonQuery();
}
