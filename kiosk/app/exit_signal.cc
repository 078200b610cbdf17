#include "kiosk/app/exit_signal.h"

#include <atomic>
#include <csignal>

namespace lk::ui {
namespace {

std::atomic<bool> g_exit_signal{false};

void OnExitSignal(int) { g_exit_signal = true; }

}  // namespace

void InstallExitSignalHandlers() {
  struct sigaction action {};
  action.sa_handler = OnExitSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool ExitSignalled() { return g_exit_signal; }

}  // namespace lk::ui
