// learning-hub: the central server of the learning kiosks. See sync/PROTOCOL.md and `learning-hub --help`.
#include "sync/hub/hub_cli.h"

int main(int argc, char** argv) { return lk::hub::RunHubCli(argc, argv); }
