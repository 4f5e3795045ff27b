-- SQL Server schema, as SSMS scripts it
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Users](
	[Id] [int] IDENTITY(1,1) NOT NULL,
	[Email] [nvarchar](320) NOT NULL, -- @personal-data category=user.contact.email retention=account_deletion
	-- @personal-data category=user.name retention=service_end+P5Y
	[FullName] [nvarchar](255) NOT NULL,
	[Phone] [nvarchar](32) NULL,
	[CreatedAt] [datetime2](7) NOT NULL CONSTRAINT [DF_Users_CreatedAt] DEFAULT (sysutcdatetime()),
 CONSTRAINT [PK_Users] PRIMARY KEY CLUSTERED ([Id] ASC)
) ON [PRIMARY]
GO
CREATE TABLE dbo.Sessions (
	Id uniqueidentifier NOT NULL DEFAULT NEWID(),
	UserId int NOT NULL REFERENCES dbo.Users (Id),
	IpAddress varchar(45) NOT NULL /* @personal-data category=user.device.ip_address retention=P1Y */,
	StartedAt datetime2 NOT NULL
)
CREATE TABLE dbo.Notes (
	Id int IDENTITY PRIMARY KEY,
	Body nvarchar(max) NULL -- @personal-data category=user.content retention=P2Y
)
GO
ALTER TABLE [dbo].[Users] ADD [DateOfBirth] [date] NULL -- @personal-data category=user.demographic.date_of_birth
GO
CREATE PROCEDURE dbo.PurgeSessions AS
BEGIN
	CREATE TABLE #old (Id uniqueidentifier)
	DELETE FROM dbo.Sessions WHERE StartedAt < DATEADD(year, -1, SYSUTCDATETIME())
END
GO
