using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddBackgroundJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BackgroundJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Lane = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackgroundJobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_Lane_Status_DueAt",
                table: "BackgroundJobs",
                columns: new[] { "Lane", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_LeasedLane",
                table: "BackgroundJobs",
                column: "Lane",
                unique: true,
                filter: "\"LockedUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BackgroundJobs_Status_DueAt",
                table: "BackgroundJobs",
                columns: new[] { "Status", "DueAt" });

            // Schedules made before the queue existed get their job (the article's id serves as the job's).
            migrationBuilder.Sql("""
                INSERT INTO "BackgroundJobs" ("Id", "Kind", "Payload", "Status", "DueAt", "Attempts", "CreatedAt")
                SELECT "Id", 'article.publish-scheduled', json_object('articleId', "Id"), 'Pending', "ScheduledAt", 0, strftime('%Y-%m-%d %H:%M:%f', 'now')
                FROM "Articles" WHERE "Status" = 'scheduled' AND "ScheduledAt" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BackgroundJobs");
        }
    }
}
