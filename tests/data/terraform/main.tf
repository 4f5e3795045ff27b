locals {
  name_prefix  = "shop-${var.environment}"
  azure_region = "westeurope"
  gcp_location = "EU"
}

variable "analytics_region" {
  type    = string
  default = "europe-west3"
}

data "aws_region" "current" {}

module "cdn" {
  source = "./modules/cdn"
  // @policy hosting.region
  origin_region = "eu-west-3"
}

# --- AWS ------------------------------------------------------------------------------

resource "aws_s3_bucket" "uploads" {
  bucket = "${local.name_prefix}-uploads"
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Deny", "Principal": "*", "Action": "s3:*",
    "Resource": "${aws_s3_bucket.uploads.arn}/*",
    "Condition": {"Bool": {"aws:SecureTransport": "false"}}
  }]
}
EOT
}

resource "aws_db_instance" "orders" {
  identifier        = "${local.name_prefix}-orders"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 50
  storage_encrypted = true
}

resource "aws_sesv2_email_identity" "newsletter" {
  provider       = aws.us
  email_identity = "news@acme.example"
}

resource "aws_s3_bucket" "exports" {
  bucket = "shop-exports"
  region = "eu-west-9"
}

resource "aws_dynamodb_table" "carts" {
  name         = "carts"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "cart_id"

  attribute {
    name = "cart_id"
    type = "S"
  }

  replica {
    region_name = "eu-central-1"
  }
}

resource "aws_cloudwatch_log_group" "api" {
  name   = "/shop/api"
  region = "${data.aws_region.current.name}"
}

# --- Azure ----------------------------------------------------------------------------

resource "azurerm_resource_group" "shop" {
  name     = "shop"
  location = local.azure_region
}

resource "azurerm_storage_account" "media" {
  name                     = "shopmedia"
  resource_group_name      = azurerm_resource_group.shop.name
  location                 = azurerm_resource_group.shop.location
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_cosmosdb_account" "sessions" {
  name                = "shop-sessions"
  location            = "North Europe"
  resource_group_name = azurerm_resource_group.shop.name
  offer_type          = "Standard"

  consistency_policy {
    consistency_level = "Session"
  }

  geo_location {
    location          = "North Europe"
    failover_priority = 0
  }

  geo_location {
    location          = "East US"
    failover_priority = 1
  }
}

# --- Google Cloud ---------------------------------------------------------------------

resource "google_storage_bucket" "backups" {
  name     = "acme-shop-backups"
  location = local.gcp_location

  lifecycle_rule {
    condition {
      age = 30
    }
    action {
      type = "Delete"
    }
  }
}

resource "google_bigquery_dataset" "analytics" {
  dataset_id = "shop_analytics"
  location   = var.analytics_region
}

resource "google_compute_instance" "worker" {
  name         = "worker"
  machine_type = "e2-medium"
  zone         = "us-central1-a"

  metadata_startup_script = <<-EOT
    #!/bin/bash
    # @policy hosting.region is text in a heredoc, not a tag
    echo "starting in ${var.analytics_region}"
  EOT

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    network = "default"
  }
}

resource "google_cloud_run_v2_service" "api" {
  name     = "${local.name_prefix}-api"
  location = "${var.analytics_region}"

  template {
    containers {
      image = "europe-docker.pkg.dev/acme-shop/api/api:latest"
    }
  }
}
