# Kraaft production infrastructure.

terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 5.60" }
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.110" }
  }
}

# Main hosting: Europe (Paris).
provider "aws" {
  region = "eu-west-3"
}

# Second copy of the site photos, for disaster recovery.
provider "aws" {
  alias  = "dr"
  region = "us-east-1"
}

provider "azurerm" {
  features {}
}

resource "aws_s3_bucket" "photos" {
  bucket = "kraaft-site-photos"
}

resource "aws_s3_bucket" "photos_replica" {
  provider = aws.dr
  bucket   = "kraaft-site-photos-replica"
}

# Exports of site reports for customers on Microsoft 365.
resource "azurerm_resource_group" "exports" {
  name     = "kraaft-exports"
  location = "westeurope"
}

resource "azurerm_storage_account" "exports" {
  name                     = "kraaftexports"
  resource_group_name      = azurerm_resource_group.exports.name
  location                 = var.exports_location
  account_tier             = "Standard"
  account_replication_type = "ZRS"
}
