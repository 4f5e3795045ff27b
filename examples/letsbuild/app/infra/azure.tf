# LetsBuild platform on Azure: the main data centre and its secondary.

variable "primary_location" {
  description = "Main data centre (Azure Europe-West, the Netherlands)."
  type        = string
  default     = "westeurope"
}

variable "secondary_location" {
  description = "Secondary data centre (Azure Europe-North, Ireland)."
  type        = string
  default     = "northeurope"
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "platform" {
  name     = "letsbuild-platform"
  location = var.primary_location
}

resource "azurerm_postgresql_flexible_server" "main" {
  name                = "letsbuild-main"
  resource_group_name = azurerm_resource_group.platform.name
  location            = var.primary_location
  version             = "16"
  sku_name            = "GP_Standard_D4ds_v5"
}

resource "azurerm_postgresql_flexible_server" "replica" {
  name                = "letsbuild-replica"
  resource_group_name = azurerm_resource_group.platform.name
  location            = var.secondary_location
  create_mode         = "Replica"
  source_server_id    = azurerm_postgresql_flexible_server.main.id
}

resource "azurerm_storage_account" "documents" {
  name                     = "letsbuilddocuments"
  resource_group_name      = azurerm_resource_group.platform.name
  location                 = var.primary_location
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

# Reads site reports and photos to suggest punch-list items.
resource "azurerm_cognitive_account" "site_reports_ai" {
  name                = "letsbuild-openai"
  resource_group_name = azurerm_resource_group.platform.name
  location            = "eastus"
  kind                = "OpenAI"
  sku_name            = "S0"
}
