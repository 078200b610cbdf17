#!/usr/bin/env bash
# Builds a bootable Debian 12 (bookworm) amd64 kiosk disk image from Debian's packages with mmdebstrap:
# the learning-kiosk package installed, the kiosk session enabled on tty1, the first-boot enrolment
# prompt, systemd-networkd (DHCP on every wired interface), systemd-timesyncd, UEFI boot (systemd-boot).
#
#   sudo packaging/image/build-image.sh [OUT_DIR]          (default: out/image)
#
# Output: OUT_DIR/learning-kiosk-<version>-amd64.img (raw GPT disk image, sparse), .img.bmap (for
# bmaptool), and with LK_IMAGE_XZ=1 also .img.xz. Needs root (mmdebstrap's root mode), about 3 GiB of
# free space under LK_IMAGE_WORK, and access to a Debian mirror. No loop devices or mounts on the host:
# the file systems are filled from a directory (mke2fs -d, mtools) and laid into the disk image with dd.
#
# Environment:
#   LK_DEBS            space-separated .deb files to install (default: packaging/build-debs.sh's output,
#                      built now when missing); learning-kiosk must be among them
#   LK_MIRROR          Debian mirror URL (default: mmdebstrap's, deb.debian.org, plus updates/security)
#   LK_IMAGE_WORK      scratch directory (default: /var/tmp/lk-image); removed at the end
#   LK_HOSTNAME        hostname of the kiosk (default: learning-kiosk)
#   LK_ROOT_PASSWORD   root password for the console; default: root is locked (recommended; use
#                      LK_SSH_AUTHORIZED_KEYS for remote access)
#   LK_SSH_AUTHORIZED_KEYS  a file of SSH public keys for root: installs openssh-server
#   LK_KIOSK_CONFIG    a kiosk.toml to ship as /etc/learning-kiosk/kiosk.toml (e.g. with [sync] hub_url)
#   LK_DEMO            1: a show-and-tell image: no enrolment prompt, the kiosk runs on its built-in demo
#                      catalogue (learning-kiosk --demo, in a throw-away data directory; no hub, no sync)
#   LK_EXTRA_PACKAGES  more Debian packages to include (e.g. firmware-misc-nonfree with LK_COMPONENTS)
#   LK_COMPONENTS      archive components (default: main; e.g. "main non-free-firmware")
#   LK_KERNEL_CMDLINE  extra kernel command line (default: "console=tty0 console=ttyS0,115200")
#   LK_IMAGE_XZ        1: also write a .img.xz
set -euo pipefail

src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$src/out/image}
work=${LK_IMAGE_WORK:-/var/tmp/lk-image}
hostname=${LK_HOSTNAME:-learning-kiosk}
components=${LK_COMPONENTS:-main}
cmdline_extra=${LK_KERNEL_CMDLINE:-console=tty0 console=ttyS0,115200}
esp_mb=256
# Fixed GPT partition UUIDs: the loader entry and fstab name them. Every kiosk flashed from one image
# shares them, as cloud images do; the file system UUIDs and the machine id are made per build/boot.
esp_partuuid=6b1c2a8e-0f36-4d7c-9a51-3c5f0e1d2a01
root_partuuid=6b1c2a8e-0f36-4d7c-9a51-3c5f0e1d2a02

log() { printf '[build-image %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (mmdebstrap root mode, file ownership in the image)"
start_time=$(date +%s)

# ---------------------------------------------------------------------------------------------- tools
need=(mmdebstrap mke2fs mkfs.vfat mcopy sfdisk bmaptool xz debugfs)
pkgs=(mmdebstrap e2fsprogs dosfstools mtools fdisk bmap-tools xz-utils)
missing=0
for t in "${need[@]}"; do command -v "$t" >/dev/null || missing=1; done
if [ $missing -eq 1 ]; then
  log "installing ${pkgs[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

# ---------------------------------------------------------------------------------------------- debs
if [ -z "${LK_DEBS:-}" ]; then
  if ! ls "$src"/out/learning-kiosk_*.deb >/dev/null 2>&1; then
    log "no packages yet: running packaging/build-debs.sh"
    "$src/packaging/build-debs.sh" "$src/out" >&2
  fi
  LK_DEBS=$(ls "$src"/out/learning-kiosk_*.deb | tail -n 1)
fi
debs=()
for d in $LK_DEBS; do
  [ -f "$d" ] || die "no such package: $d"
  debs+=("$(cd "$(dirname "$d")" && pwd)/$(basename "$d")")
done
kiosk_deb=$(printf '%s\n' "${debs[@]}" | grep '/learning-kiosk_' | head -n 1) || true
[ -n "$kiosk_deb" ] || die "LK_DEBS has no learning-kiosk_*.deb"
version=$(dpkg-deb -f "$kiosk_deb" Version)
name=learning-kiosk-$version-amd64
log "image $name from ${debs[*]}"

# A crashed earlier run may have left /proc, /dev or /sys mounted in its root: never delete through them.
if awk -v w="$(realpath -m "$work")/" 'index($2 "/", w) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
  die "something is still mounted under $work (an earlier run?): unmount it first"
fi
rm -rf "$work"
mkdir -p "$work" "$out"
root=$work/root
chmod 755 "$work"

# ---------------------------------------------------------------------------------------------- rootfs
packages=(
  systemd-sysv udev dbus libpam-systemd systemd-resolved systemd-timesyncd
  linux-image-amd64 initramfs-tools systemd-boot
  kmod e2fsprogs dosfstools iproute2 iputils-ping ca-certificates tzdata less nano
)
if [ -n "${LK_SSH_AUTHORIZED_KEYS:-}" ]; then packages+=(openssh-server); fi
# shellcheck disable=SC2206
packages+=(${LK_EXTRA_PACKAGES:-})

mirror_args=()
[ -n "${LK_MIRROR:-}" ] && mirror_args=("$LK_MIRROR")

include_args=(--include="$(IFS=,; echo "${packages[*]}")")
for d in "${debs[@]}"; do include_args+=(--include="$d"); done

# Runs inside mmdebstrap after all packages are installed: $1 is the root directory.
cat > "$work/customize.sh" <<EOF
#!/bin/sh
set -eu
root=\$1
in_root() { chroot "\$root" "\$@"; }

echo "$hostname" > "\$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\t$hostname\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "\$root/etc/hosts"

# File systems: root grows to fill the disk on first boot (systemd-repart + x-systemd.growfs).
cat > "\$root/etc/fstab" <<FSTAB
PARTUUID=$root_partuuid  /          ext4  defaults,errors=remount-ro,x-systemd.growfs  0 1
PARTUUID=$esp_partuuid   /boot/efi  vfat  umask=0077,nofail                            0 2
FSTAB
mkdir -p "\$root/etc/repart.d"
printf '[Partition]\nType=root\n' > "\$root/etc/repart.d/50-root.conf"

# Network: DHCP on every wired interface; names through systemd-resolved; clock through timesyncd.
mkdir -p "\$root/etc/systemd/network"
printf '[Match]\nName=en* eth*\n\n[Network]\nDHCP=yes\n' > "\$root/etc/systemd/network/80-wired.network"
in_root systemctl enable systemd-networkd.service systemd-resolved.service systemd-timesyncd.service
in_root systemctl set-default multi-user.target

# The kiosk: its session on tty1 (enabled by the package) instead of a login prompt there.
in_root systemctl enable learning-kiosk.service
# No login prompt on any VT (a resident with a USB keyboard could Ctrl+Alt+F2 to one): getty@ is masked
# for every instance and logind spawns no gettys on demand.
in_root systemctl mask getty@.service
mkdir -p "\$root/etc/systemd/logind.conf.d"
printf '[Login]\nNAutoVTs=0\nReserveVT=0\n' > "\$root/etc/systemd/logind.conf.d/50-learning-kiosk.conf"
if [ "${LK_DEMO:-0}" = 1 ]; then
  echo 'LK_KIOSK_ARGS=--demo' > "\$root/etc/default/learning-kiosk"
  in_root systemctl mask learning-kiosk-enrol.service
fi
if [ -n "${LK_KIOSK_CONFIG:-}" ]; then
  install -m 0644 "${LK_KIOSK_CONFIG:-/dev/null}" "\$root/etc/learning-kiosk/kiosk.toml"
fi

# Root: locked unless a password or SSH keys were given.
if [ -n "${LK_ROOT_PASSWORD:-}" ]; then
  echo "root:${LK_ROOT_PASSWORD:-}" | in_root chpasswd
else
  in_root passwd -l root >/dev/null
fi
if [ -n "${LK_SSH_AUTHORIZED_KEYS:-}" ]; then
  install -d -m 0700 "\$root/root/.ssh"
  install -m 0600 "${LK_SSH_AUTHORIZED_KEYS:-/dev/null}" "\$root/root/.ssh/authorized_keys"
  rm -f "\$root"/etc/ssh/ssh_host_*
  # Host keys are made on first boot, so that every kiosk has its own.
  printf '[Unit]\nDescription=SSH host keys\nBefore=ssh.service\nConditionPathExistsGlob=!/etc/ssh/ssh_host_*_key\n[Service]\nType=oneshot\nExecStart=/usr/bin/ssh-keygen -A\n[Install]\nWantedBy=multi-user.target\n' > "\$root/etc/systemd/system/ssh-hostkeys.service"
  in_root systemctl enable ssh-hostkeys.service
fi

# Boot: systemd-boot on the ESP, laid out as bootctl + kernel-install do it (the ESP is a plain
# directory here, which bootctl refuses; mtools copies it into the FAT image later). On the kiosk the
# ESP is mounted at /boot/efi and systemd-boot's kernel hook installs new kernels the same way.
echo "root=PARTUUID=$root_partuuid rw quiet loglevel=3 systemd.firstboot=off vt.global_cursor_default=0 $cmdline_extra" > "\$root/etc/kernel/cmdline"
echo learning-kiosk > "\$root/etc/kernel/entry-token"
esp=\$root/boot/efi
mkdir -p "\$esp/EFI/BOOT" "\$esp/EFI/systemd" "\$esp/loader/entries" "\$esp/learning-kiosk"
cp "\$root/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "\$esp/EFI/systemd/systemd-bootx64.efi"
cp "\$root/usr/lib/systemd/boot/efi/systemd-bootx64.efi" "\$esp/EFI/BOOT/BOOTX64.EFI"
for kver in \$(ls "\$root/lib/modules"); do
  in_root kernel-install add "\$kver" "/boot/vmlinuz-\$kver" "/boot/initrd.img-\$kver"
done
# kernel-install writes paths relative to the ESP's mount point, which is / in this chroot.
sed -i -E 's#^(linux|initrd)( +)/boot/efi/#\1\2/#' "\$esp"/loader/entries/*.conf
printf 'timeout 0\ndefault learning-kiosk-*\neditor no\n' > "\$root/boot/efi/loader/loader.conf"

# Each kiosk gets its own machine id on first boot; no build-host leftovers.
: > "\$root/etc/machine-id"
rm -f "\$root/var/lib/dbus/machine-id"
in_root apt-get clean
rm -rf "\$root"/var/lib/apt/lists/* "\$root"/var/log/*.log "\$root"/tmp/* "\$root"/var/tmp/*
EOF
chmod +x "$work/customize.sh"

log "mmdebstrap (bookworm, $components)"
mmdebstrap --mode=root --variant=minbase --format=directory \
  --components="$components" \
  --aptopt='APT::Install-Recommends "false"' \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-include=/usr/share/locale/zh_CN/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-include=/usr/share/doc/learning-kiosk/*' \
  --hook-dir=/usr/share/mmdebstrap/hooks/file-mirror-automount \
  "${include_args[@]}" \
  --customize-hook="$work/customize.sh \"\$1\"" \
  bookworm "$root" "${mirror_args[@]}" >&2

# ---------------------------------------------------------------------------------------------- checks
log "checking the root file system"
[ -L "$root/etc/systemd/system/multi-user.target.wants/learning-kiosk.service" ] || die "learning-kiosk.service not enabled"
chroot "$root" dpkg-query -W -f='${Package} ${Version} ${Status}\n' learning-kiosk cage | tee "$work/packages.txt" >&2
grep -q 'learning-kiosk .* install ok installed' "$work/packages.txt" || die "learning-kiosk not installed"
ls "$root"/boot/efi/EFI/BOOT/BOOTX64.EFI "$root"/boot/efi/loader/entries/*.conf >/dev/null || die "no boot loader"

# ---------------------------------------------------------------------------------------------- disk
# ESP: FAT32 from the directory. Root: ext4 from the directory, with headroom (it grows on first boot).
esp_img=$work/esp.img
rm -f "$esp_img"
mkfs.vfat -F 32 -n KIOSK-ESP -C "$esp_img" $((esp_mb * 1024)) >/dev/null
mcopy -s -i "$esp_img" "$root"/boot/efi/* ::/
find "$root/boot/efi" -mindepth 1 -delete

used_mb=$(du -sm --apparent-size "$root" | cut -f1)
root_mb=$(( (used_mb * 13 / 10 + 512 + 255) / 256 * 256 ))
root_img=$work/root.img
rm -f "$root_img"
log "root file system: ${used_mb} MiB of files in ${root_mb} MiB"
mke2fs -q -t ext4 -L kiosk-root -d "$root" "$root_img" "${root_mb}M"

disk=$out/$name.img
rm -f "$disk" "$disk.bmap" "$disk.xz"
total_mb=$((1 + esp_mb + root_mb + 1))
truncate -s "${total_mb}M" "$disk"
sfdisk -q "$disk" <<SFDISK
label: gpt
start=2048, size=$((esp_mb * 2048)), type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, uuid=$esp_partuuid, name="ESP"
start=$(((1 + esp_mb) * 2048)), size=$((root_mb * 2048)), type=4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709, uuid=$root_partuuid, name="root"
SFDISK
dd if="$esp_img" of="$disk" bs=1M seek=1 conv=notrunc,sparse status=none
dd if="$root_img" of="$disk" bs=1M seek=$((1 + esp_mb)) conv=notrunc,sparse status=none
bmaptool -q create -o "$disk.bmap" "$disk"

# The disk's root partition, read back: the enabled units and the package are there.
offset=$(( (1 + esp_mb) * 1024 * 1024 ))
debugfs -R "ls /etc/systemd/system/multi-user.target.wants" "$disk?offset=$offset" 2>/dev/null | tr -s ' \n' '\n' |
  grep -E '^learning-kiosk.service$' >/dev/null || die "the disk image's root has no enabled learning-kiosk.service"
debugfs -R "stat /usr/bin/kioskctl" "$disk?offset=$offset" >/dev/null 2>&1 || die "the disk image's root has no kioskctl"

if [ "${LK_IMAGE_XZ:-0}" = 1 ]; then
  log "compressing"
  xz -T0 -6 -k "$disk"
fi
rm -rf "$work"

elapsed=$(( $(date +%s) - start_time ))
log "done in $((elapsed / 60)) min $((elapsed % 60)) s"
ls -ls --block-size=M "$out/$name".img* >&2
echo "$disk"
