using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HeadlessCms.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Lane = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LockedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
                SELECT "Id", 'article.publish-scheduled', json_build_object('articleId', "Id")::text, 'Pending', "ScheduledAt", 0, now()
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
