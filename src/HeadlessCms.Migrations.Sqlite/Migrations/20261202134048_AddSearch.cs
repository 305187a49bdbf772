using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Sqlite.Migrations
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ListedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Highlights = table.Column<string>(type: "TEXT", nullable: false),
                    Excerpt = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false)
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

            // FTS5 over the searchable text, fed by triggers in the writing transaction. Two indexes of the same
            // columns: stemmed words (porter) for matching and ranking, plain words for prefixes and suggestions
            // (a stemmed index cannot complete "separat" to "separation", whose stem is "separ"). Both are
            // external-content tables reading ArticleSearch by its INTEGER PRIMARY KEY, so the text is stored once.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ArticleSearchFts" USING fts5("Title", "Highlights", "Excerpt", "Body",
                    content='ArticleSearch', content_rowid='Id', tokenize='porter unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE "ArticleSearchWords" USING fts5("Title", "Highlights", "Excerpt", "Body",
                    content='ArticleSearch', content_rowid='Id', tokenize='unicode61 remove_diacritics 2');
                CREATE VIRTUAL TABLE "ArticleSearchVocab" USING fts5vocab('ArticleSearchWords', 'row');
                CREATE TRIGGER "ArticleSearch_ai" AFTER INSERT ON "ArticleSearch" BEGIN
                    INSERT INTO "ArticleSearchFts"(rowid, "Title", "Highlights", "Excerpt", "Body") VALUES (new."Id", new."Title", new."Highlights", new."Excerpt", new."Body");
                    INSERT INTO "ArticleSearchWords"(rowid, "Title", "Highlights", "Excerpt", "Body") VALUES (new."Id", new."Title", new."Highlights", new."Excerpt", new."Body");
                END;
                CREATE TRIGGER "ArticleSearch_ad" AFTER DELETE ON "ArticleSearch" BEGIN
                    INSERT INTO "ArticleSearchFts"("ArticleSearchFts", rowid, "Title", "Highlights", "Excerpt", "Body") VALUES ('delete', old."Id", old."Title", old."Highlights", old."Excerpt", old."Body");
                    INSERT INTO "ArticleSearchWords"("ArticleSearchWords", rowid, "Title", "Highlights", "Excerpt", "Body") VALUES ('delete', old."Id", old."Title", old."Highlights", old."Excerpt", old."Body");
                END;
                CREATE TRIGGER "ArticleSearch_au" AFTER UPDATE ON "ArticleSearch" BEGIN
                    INSERT INTO "ArticleSearchFts"("ArticleSearchFts", rowid, "Title", "Highlights", "Excerpt", "Body") VALUES ('delete', old."Id", old."Title", old."Highlights", old."Excerpt", old."Body");
                    INSERT INTO "ArticleSearchWords"("ArticleSearchWords", rowid, "Title", "Highlights", "Excerpt", "Body") VALUES ('delete', old."Id", old."Title", old."Highlights", old."Excerpt", old."Body");
                    INSERT INTO "ArticleSearchFts"(rowid, "Title", "Highlights", "Excerpt", "Body") VALUES (new."Id", new."Title", new."Highlights", new."Excerpt", new."Body");
                    INSERT INTO "ArticleSearchWords"(rowid, "Title", "Highlights", "Excerpt", "Body") VALUES (new."Id", new."Title", new."Highlights", new."Excerpt", new."Body");
                END;
                """);

            // Existing articles are searchable at once; the body goes in as Markdown (its punctuation is not indexed)
            // until `rebuild-read-model` stores it as plain text.
            migrationBuilder.Sql("""
                INSERT INTO "ArticleSearch" ("ArticleId", "Status", "AuthorId", "PublishedAt", "ListedAt", "Title", "Highlights", "Excerpt", "Body")
                SELECT a."Id", a."Status", a."AuthorId", a."PublishedAt", a."ListedAt", a."Title",
                       COALESCE((SELECT group_concat(value, char(10)) FROM json_each(a."Highlights")), ''), COALESCE(a."Excerpt", ''), a."Body"
                FROM "Articles" AS a;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "ArticleSearch_ai";
                DROP TRIGGER "ArticleSearch_ad";
                DROP TRIGGER "ArticleSearch_au";
                DROP TABLE "ArticleSearchVocab";
                DROP TABLE "ArticleSearchWords";
                DROP TABLE "ArticleSearchFts";
                """);
            migrationBuilder.DropTable(
                name: "ArticleSearch");
        }
    }
}
