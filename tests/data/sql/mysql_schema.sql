-- MySQL dump of the site diary schema (mysqldump style)
/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
SET FOREIGN_KEY_CHECKS = 0;

DROP TABLE IF EXISTS `organizations`;
CREATE TABLE `organizations` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(255) NOT NULL,
  `vat_number` varchar(32) DEFAULT NULL,
  `created_at` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE `users` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `organization_id` bigint unsigned NOT NULL,
  `email` varchar(320) NOT NULL COMMENT 'Login. @personal-data category=user.contact.email retention=account_deletion',
  # @personal-data category=user.name retention=service_end+P5Y
  `full_name` varchar(255) NOT NULL,
  `phone` varchar(32) DEFAULT NULL COMMENT '@personal-data category=user.contact.phone_number',
  `date_of_birth` date DEFAULT NULL,
  `locale` char(5) NOT NULL DEFAULT 'en',
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_email` (`email`),
  KEY `users_org` (`organization_id`),
  CONSTRAINT `users_org_fk` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=42 DEFAULT CHARSET=utf8mb4 COMMENT='People who sign in';

CREATE TABLE `user_sessions` (
  `id` char(36) NOT NULL,
  `user_id` bigint unsigned NOT NULL,
  `ip_address` varbinary(16) NOT NULL, -- @personal-data category=user.device.ip_address retention=P1Y
  `user_agent` text,
  `started_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `devices` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `user_id` bigint unsigned NOT NULL,
  `push_token` varchar(255) DEFAULT NULL /* @personal-data category=user.device.device_id retention=P90D */,
  `platform` enum('ios','android','web') NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `projects` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `organization_id` bigint unsigned NOT NULL,
  `name` varchar(255) NOT NULL,
  `site_address` varchar(512) DEFAULT NULL,
  `starts_on` date DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `project_members` (
  `project_id` bigint unsigned NOT NULL,
  `user_id` bigint unsigned NOT NULL,
  `role` varchar(32) NOT NULL DEFAULT 'member',
  PRIMARY KEY (`project_id`, `user_id`)
) ENGINE=InnoDB;

CREATE TABLE `conversations` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `project_id` bigint unsigned DEFAULT NULL,
  `title` varchar(255) DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `messages` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `conversation_id` bigint unsigned NOT NULL,
  `author_id` bigint unsigned NOT NULL,
  `body` mediumtext NOT NULL COMMENT '@personal-data category=user.content retention=contract_end+P1Y',
  `sent_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  FULLTEXT KEY `messages_body` (`body`)
) ENGINE=InnoDB;

CREATE TABLE `attachments` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `message_id` bigint unsigned NOT NULL,
  `photo_url` varchar(1024) NOT NULL, -- @personal-data category=user.content retention=contract_end+P1Y
  `exif` json DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `locations` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `user_id` bigint unsigned NOT NULL,
  `latitude` decimal(9,6) NOT NULL COMMENT '@personal-data category=user.location.precise retention=P30D',
  `longitude` decimal(9,6) NOT NULL COMMENT '@personal-data category=user.location.precise retention=P30D',
  `recorded_at` datetime NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `audit_log` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `actor_id` bigint unsigned DEFAULT NULL,
  `action` varchar(64) NOT NULL,
  `ip_address` varchar(45) DEFAULT NULL, # @personal-data category=user.device.ip_address retention=P2Y
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

CREATE TABLE `invoices` (
  `id` bigint unsigned NOT NULL AUTO_INCREMENT,
  `organization_id` bigint unsigned NOT NULL,
  `billing_email` varchar(320) DEFAULT NULL,
  `amount_cents` int NOT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB;

ALTER TABLE `users` ADD COLUMN `avatar_url` varchar(1024) DEFAULT NULL COMMENT '@personal-data category=user.content retention=account_deletion' AFTER `locale`;
ALTER TABLE `invoices`
  ADD `tax_id` varchar(32) DEFAULT NULL,
  ADD COLUMN `postal_address` text; -- @personal-data category=user.contact.address retention=P10Y

LOCK TABLES `organizations` WRITE;
INSERT INTO `organizations` VALUES (1,'Acme; Builders','NL123',NOW());
UNLOCK TABLES;
SET FOREIGN_KEY_CHECKS = 1;
