# pragma version ~=0.4.3
"""
@title Test USD Coin for the synthforge devnet
@notice An ERC-20 with EIP-3009 transfer authorizations, shaped like Circle's
        FiatTokenV2 (EIP-712 domain "USD Coin" / "2", 6 decimals) so that x402
        clients and facilitators treat it exactly as they treat real USDC. Revert
        strings copy FiatTokenV2's wording because x402 facilitators map them
        to reason codes. Only the 65-byte (v, r, s) overloads exist: Vyper has
        no overloading, and EOAs are all the devnet has.
"""

event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    value: uint256

event Approval:
    owner: indexed(address)
    spender: indexed(address)
    value: uint256

event AuthorizationUsed:
    authorizer: indexed(address)
    nonce: indexed(bytes32)

event AuthorizationCanceled:
    authorizer: indexed(address)
    nonce: indexed(bytes32)

name: public(String[64])
symbol: public(String[32])
version: public(String[16])
decimals: public(constant(uint8)) = 6
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])
minter: public(address)
_used: HashMap[address, HashMap[bytes32, bool]]

EIP712_DOMAIN_TYPEHASH: constant(bytes32) = keccak256(
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
TRANSFER_WITH_AUTHORIZATION_TYPEHASH: constant(bytes32) = keccak256(
    "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
)
RECEIVE_WITH_AUTHORIZATION_TYPEHASH: constant(bytes32) = keccak256(
    "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)"
)
CANCEL_AUTHORIZATION_TYPEHASH: constant(bytes32) = keccak256(
    "CancelAuthorization(address authorizer,bytes32 nonce)"
)
# secp256k1n / 2: signatures with a larger s are malleable copies (EIP-2).
HALF_CURVE_ORDER: constant(uint256) = 57896044618658097711785492504343953926418782139537452191302581570759080747168


@deploy
def __init__(_name: String[64], _symbol: String[32], _version: String[16]):
    self.name = _name
    self.symbol = _symbol
    self.version = _version
    self.minter = msg.sender


@external
def mint(_to: address, _value: uint256) -> bool:
    assert msg.sender == self.minter, "FiatToken: caller is not a minter"
    assert _to != empty(address), "FiatToken: mint to the zero address"
    self.totalSupply += _value
    self.balanceOf[_to] += _value
    log Transfer(sender=empty(address), receiver=_to, value=_value)
    return True


@internal
def _transfer(_from: address, _to: address, _value: uint256):
    assert _from != empty(address), "ERC20: transfer from the zero address"
    assert _to != empty(address), "ERC20: transfer to the zero address"
    assert self.balanceOf[_from] >= _value, "ERC20: transfer amount exceeds balance"
    self.balanceOf[_from] -= _value
    self.balanceOf[_to] += _value
    log Transfer(sender=_from, receiver=_to, value=_value)


@external
def transfer(_to: address, _value: uint256) -> bool:
    self._transfer(msg.sender, _to, _value)
    return True


@external
def approve(_spender: address, _value: uint256) -> bool:
    self.allowance[msg.sender][_spender] = _value
    log Approval(owner=msg.sender, spender=_spender, value=_value)
    return True


@external
def transferFrom(_from: address, _to: address, _value: uint256) -> bool:
    assert self.allowance[_from][msg.sender] >= _value, "ERC20: transfer amount exceeds allowance"
    self.allowance[_from][msg.sender] -= _value
    self._transfer(_from, _to, _value)
    return True


@view
@internal
def _domain_separator() -> bytes32:
    return keccak256(
        abi_encode(
            EIP712_DOMAIN_TYPEHASH,
            keccak256(convert(self.name, Bytes[64])),
            keccak256(convert(self.version, Bytes[16])),
            chain.id,
            self,
        )
    )


@view
@external
def DOMAIN_SEPARATOR() -> bytes32:
    return self._domain_separator()


@view
@internal
def _recover(_struct_hash: bytes32, _v: uint8, _r: bytes32, _s: bytes32) -> address:
    assert convert(_s, uint256) <= HALF_CURVE_ORDER, "ECRecover: invalid signature 's' value"
    assert _v == 27 or _v == 28, "ECRecover: invalid signature 'v' value"
    digest: bytes32 = keccak256(concat(b"\x19\x01", self._domain_separator(), _struct_hash))
    signer: address = ecrecover(digest, _v, _r, _s)
    assert signer != empty(address), "ECRecover: invalid signature"
    return signer


@internal
def _use_authorization(
    _typehash: bytes32,
    _from: address,
    _to: address,
    _value: uint256,
    _valid_after: uint256,
    _valid_before: uint256,
    _nonce: bytes32,
    _v: uint8,
    _r: bytes32,
    _s: bytes32,
):
    assert block.timestamp > _valid_after, "FiatTokenV2: authorization is not yet valid"
    assert block.timestamp < _valid_before, "FiatTokenV2: authorization is expired"
    assert not self._used[_from][_nonce], "FiatTokenV2: authorization is used or canceled"
    struct_hash: bytes32 = keccak256(
        abi_encode(_typehash, _from, _to, _value, _valid_after, _valid_before, _nonce)
    )
    assert self._recover(struct_hash, _v, _r, _s) == _from, "FiatTokenV2: invalid signature"
    self._used[_from][_nonce] = True
    log AuthorizationUsed(authorizer=_from, nonce=_nonce)
    self._transfer(_from, _to, _value)


@external
def transferWithAuthorization(
    _from: address,
    _to: address,
    _value: uint256,
    _validAfter: uint256,
    _validBefore: uint256,
    _nonce: bytes32,
    _v: uint8,
    _r: bytes32,
    _s: bytes32,
):
    self._use_authorization(
        TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
        _from, _to, _value, _validAfter, _validBefore, _nonce, _v, _r, _s,
    )


@external
def receiveWithAuthorization(
    _from: address,
    _to: address,
    _value: uint256,
    _validAfter: uint256,
    _validBefore: uint256,
    _nonce: bytes32,
    _v: uint8,
    _r: bytes32,
    _s: bytes32,
):
    assert _to == msg.sender, "FiatTokenV2: caller must be the payee"
    self._use_authorization(
        RECEIVE_WITH_AUTHORIZATION_TYPEHASH,
        _from, _to, _value, _validAfter, _validBefore, _nonce, _v, _r, _s,
    )


@external
def cancelAuthorization(_authorizer: address, _nonce: bytes32, _v: uint8, _r: bytes32, _s: bytes32):
    assert not self._used[_authorizer][_nonce], "FiatTokenV2: authorization is used or canceled"
    struct_hash: bytes32 = keccak256(abi_encode(CANCEL_AUTHORIZATION_TYPEHASH, _authorizer, _nonce))
    assert self._recover(struct_hash, _v, _r, _s) == _authorizer, "FiatTokenV2: invalid signature"
    self._used[_authorizer][_nonce] = True
    log AuthorizationCanceled(authorizer=_authorizer, nonce=_nonce)


@view
@external
def authorizationState(_authorizer: address, _nonce: bytes32) -> bool:
    return self._used[_authorizer][_nonce]
