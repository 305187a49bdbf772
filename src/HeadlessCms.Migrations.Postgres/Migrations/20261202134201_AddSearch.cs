using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace HeadlessCms.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArticleSearch",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ArticleId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ListedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Highlights = table.Column<string>(type: "text", nullable: false),
                    Excerpt = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArticleSearch", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArticleSearch_ArticleId",
                table: "ArticleSearch",
                column: "ArticleId",
                unique: true);

            // unaccent and pg_trgm are trusted extensions: the database owner may create them. The two text search
            // configurations fold accents before stemming (cms_english) or before keeping the plain word (cms_simple).
            migrationBuilder.Sql("""
                CREATE EXTENSION IF NOT EXISTS unaccent;
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
                CREATE TEXT SEARCH CONFIGURATION cms_english (COPY = english);
                ALTER TEXT SEARCH CONFIGURATION cms_english ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
                CREATE TEXT SEARCH CONFIGURATION cms_simple (COPY = simple);
                ALTER TEXT SEARCH CONFIGURATION cms_simple ALTER MAPPING FOR asciihword, asciiword, hword, hword_asciipart, hword_part, word WITH unaccent, simple;
                """);

            // The weighted vector (A title, B highlights, C excerpt, D body), computed by the database on every insert:
            // stemmed words for matching and ranking, then the plain words that prefixes complete against.
            migrationBuilder.Sql("""
                ALTER TABLE "ArticleSearch" ADD COLUMN "Vector" tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('cms_english'::regconfig, "Title"), 'A')
                    || setweight(to_tsvector('cms_english'::regconfig, "Highlights"), 'B')
                    || setweight(to_tsvector('cms_english'::regconfig, "Excerpt"), 'C')
                    || setweight(to_tsvector('cms_english'::regconfig, "Body"), 'D')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Title"), 'A')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Highlights"), 'B')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Excerpt"), 'C')
                    || setweight(to_tsvector('cms_simple'::regconfig, "Body"), 'D')) STORED;
                CREATE INDEX "IX_ArticleSearch_Vector" ON "ArticleSearch" USING GIN ("Vector");
                """);

            // The vocabulary for "did you mean": every plain (unaccented, lower-case) word ever indexed, added by a
            // trigger in the writing transaction and searched by trigram similarity. Words are not removed when the
            // last article using them changes; `rebuild-read-model` starts the table afresh.
            migrationBuilder.Sql("""
                CREATE TABLE "SearchWords" ("Word" text PRIMARY KEY);
                CREATE INDEX "IX_SearchWords_Trigrams" ON "SearchWords" USING GIN ("Word" gin_trgm_ops);
                CREATE FUNCTION "SearchWords_add"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO "SearchWords" ("Word")
                    SELECT DISTINCT lexeme FROM unnest(to_tsvector('cms_simple'::regconfig,
                        concat_ws(' ', NEW."Title", NEW."Highlights", NEW."Excerpt", NEW."Body")))
                    WHERE length(lexeme) BETWEEN 3 AND 40 AND lexeme !~ '^[0-9]'
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER "ArticleSearch_words" AFTER INSERT OR UPDATE ON "ArticleSearch"
                    FOR EACH ROW EXECUTE FUNCTION "SearchWords_add"();
                """);

            // Existing articles are searchable at once; the body goes in as Markdown (its punctuation is not indexed)
            // until `rebuild-read-model` stores it as plain text.
            migrationBuilder.Sql("""
                INSERT INTO "ArticleSearch" ("ArticleId", "Status", "AuthorId", "PublishedAt", "ListedAt", "Title", "Highlights", "Excerpt", "Body")
                SELECT a."Id", a."Status", a."AuthorId", a."PublishedAt", a."ListedAt", a."Title",
                       array_to_string(a."Highlights", E'\n'), COALESCE(a."Excerpt", ''), a."Body"
                FROM "Articles" AS a;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "ArticleSearch_words" ON "ArticleSearch";
                DROP FUNCTION "SearchWords_add"();
                DROP TABLE "SearchWords";
                DROP INDEX "IX_ArticleSearch_Vector";
                ALTER TABLE "ArticleSearch" DROP COLUMN "Vector";
                DROP TEXT SEARCH CONFIGURATION cms_english;
                DROP TEXT SEARCH CONFIGURATION cms_simple;
                """);
            migrationBuilder.DropTable(
                name: "ArticleSearch");
        }
    }
}
