provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "shop"
      environment = var.environment
    }
  }
}

# Newsletter sending runs in the marketing team's US account.
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

provider "google" {
  project = "acme-shop"
  region  = "europe-west4"
}

provider "azurerm" {
  features {}
}
