terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }

  backend "s3" {
    bucket = "acme-shop-terraform-state"
    key    = "shop/terraform.tfstate"
    region = "eu-central-1"
  }
}
