#include "importer_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace qmac::cli {

namespace {

// fork + execv without a shell (paths with spaces or quotes pass through unchanged); stdout_fd >= 0
// receives the child's stdout.
pid_t spawn(const std::vector<std::string>& argv, int stdout_fd) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(std::string("cannot start ") + argv[0] + ": " + std::strerror(errno));
    if (pid == 0) {
        if (stdout_fd >= 0) dup2(stdout_fd, 1);
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

int wait_status(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return 127;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

}  // namespace

int run_process(const std::vector<std::string>& argv) { return wait_status(spawn(argv, -1)); }

std::string self_path() { return std::filesystem::read_symlink("/proc/self/exe").string(); }

std::string importer_python() {
    if (const char* p = std::getenv("QMAC_PYTHON"); p != nullptr && *p != '\0') return p;
    const std::string venv = std::string(QMAC_SOURCE_DIR) + "/scripts/venv";
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = spawn({"/usr/bin/env", "bash", venv, QMAC_BUILD_DIR}, fds[1]);
    close(fds[1]);
    std::string out;
    char buf[512];
    for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    close(fds[0]);
    const int status = wait_status(pid);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    if (const auto nl = out.rfind('\n'); nl != std::string::npos) out = out.substr(nl + 1);
    if (status != 0 || out.empty()) {
        throw std::runtime_error(venv + " " + QMAC_BUILD_DIR + " failed (exit status " + std::to_string(status) +
                                 "): no Python with the runtimes (set QMAC_PYTHON to use another)");
    }
    return out;
}

int run_importer_module(const std::string& module, const std::vector<std::string>& args) {
    const std::string python = importer_python();
    // PYTHONPATH for the child only: the importer package of this source tree first.
    const std::string importer = std::string(QMAC_SOURCE_DIR) + "/importer";
    const char* old = std::getenv("PYTHONPATH");
    const std::string saved = old != nullptr ? old : "";
    setenv("PYTHONPATH", (old != nullptr && *old != '\0' ? importer + ":" + saved : importer).c_str(), 1);
    std::vector<std::string> argv = {python, "-m", module};
    argv.insert(argv.end(), args.begin(), args.end());
    const int status = run_process(argv);
    if (old != nullptr) setenv("PYTHONPATH", saved.c_str(), 1); else unsetenv("PYTHONPATH");
    if (status == 127) throw std::runtime_error("cannot run " + python + " (QMAC_PYTHON or BUILD/venv)");
    return status;
}

}  // namespace qmac::cli
