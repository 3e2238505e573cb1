// Runs the Python side of qmac (importer/qmac_import: the model readers and the runtimes) as a child
// process: the Python of BUILD/venv, which holds the pinned runtime wheels, with PYTHONPATH = the source
// tree's importer/. The source and build directories are compiled in (QMAC_SOURCE_DIR, QMAC_BUILD_DIR).
#pragma once

#include <string>
#include <vector>

namespace qmac::cli {

// $QMAC_PYTHON when set, else the python that `scripts/venv BUILD` prints (it creates the venv once, with
// its progress on stderr). Throws std::runtime_error when scripts/venv fails.
std::string importer_python();

// Runs `python -m module args...` and returns its exit status (its stdout and stderr are this process's).
int run_importer_module(const std::string& module, const std::vector<std::string>& args);

// Runs argv[0] (a path) with argv and returns its exit status; 127 when it cannot be started.
int run_process(const std::vector<std::string>& argv);

// This program's own path (/proc/self/exe), to run its other commands as children.
std::string self_path();

}  // namespace qmac::cli
